package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A savepoint finds each operator's state by its uid: a released uid that is renamed or removed
 * strands that state (a restore then refuses to start, or drops it with {@code
 * --allowNonRestoredState}). {@code released-operator-uids.txt} lists every uid of the job as
 * released, with the policy and with the momentum baseline; this build's graphs must still have
 * every one, and a new uid must be added to the list in the change that adds it.
 */
class ReleasedOperatorUidsTest {
  private static final KafkaEndpoints KAFKA =
      new KafkaEndpoints("localhost:1", RegistrySettings.of("http://localhost:1", false), "uids");

  @Test
  void everyReleasedUidIsStillInTheJobAndEveryUidIsReleased() throws IOException {
    Set<String> built = new TreeSet<>();
    built.addAll(uids("--strategy", "policy"));
    built.addAll(uids("--strategy", "momentum"));
    Set<String> released = released();

    assertThat(released)
        .as(
            "uids of the released job that this build no longer has: a savepoint's state for"
                + " them could not be restored. Keep the uid (.uid(\\\"…\\\")) of an operator whose"
                + " state must survive")
        .isSubsetOf(built);
    assertThat(built)
        .as(
            "uids this build adds: list them in"
                + " jobs/src/test/resources/released-operator-uids.txt with the change")
        .isSubsetOf(released);
  }

  private static List<String> uids(String... strategy) {
    StrategyOptions options = new StrategyOptions();
    new CommandLine(options).parseArgs(strategy);
    TradingJobConfig config = options.applyTo(new TradingOptions().toConfig());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));
    new TradingJob(config)
        .build(
            env,
            KAFKA.bars(),
            KAFKA.ticks(),
            KAFKA.fills(),
            KAFKA.models(),
            KAFKA.control(),
            KAFKA.brokerPositions(),
            TradingJob.Sinks.kafka(KAFKA));
    return StreamSupport.stream(env.getStreamGraph().getStreamNodes().spliterator(), false)
        .map(StreamNode::getTransformationUID)
        .toList();
  }

  private static Set<String> released() throws IOException {
    try (InputStream in =
        ReleasedOperatorUidsTest.class.getResourceAsStream("/released-operator-uids.txt")) {
      assertThat(in).as("released-operator-uids.txt on the test classpath").isNotNull();
      Set<String> uids = new TreeSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String uid = line.strip();
        if (!uid.isEmpty() && !uid.startsWith("#")) {
          uids.add(uid);
        }
      }
      return uids;
    }
  }
}
