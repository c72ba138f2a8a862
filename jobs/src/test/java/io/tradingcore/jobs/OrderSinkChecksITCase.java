package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.LocalFlink;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.testing.FlinkRest;
import io.tradingcore.testing.KafkaTestStack;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The job's entry point refuses, before anything is submitted, what would break the exactly-once
 * order sink on a real broker: a transaction timeout the broker does not allow, and a second job
 * under the name of one that is writing orders.
 */
@Tag("slow")
class OrderSinkChecksITCase {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "JPM", "XOM", "KO");

  @Test
  void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedAtStart() throws Exception {
    try (KafkaTestStack stack =
        KafkaTestStack.start(
            EmbeddedKafka.Settings.DEFAULT.withTransactionMaxTimeout(Duration.ofMinutes(1)))) {
      TradingJobMain tenMinutes = main(stack, "timeout-it");

      assertThatThrownBy(() -> tenMinutes.prepare(environment()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "transaction timeout (600000 ms) exceeds transaction.max.timeout.ms = 60000 ms"
                  + " of broker 1 at "
                  + stack.bootstrapServers())
          .hasMessageContaining("Set --transaction-timeout to at most 60000 ms");

      StreamExecutionEnvironment env = environment();
      main(stack, "timeout-it", "--transaction-timeout", "50s").prepare(env);
      assertThat(env.getStreamGraph().getStreamNodes())
          .extracting(StreamNode::getOperatorName)
          .anyMatch(name -> name.startsWith("orders: orders.v1 (exactly once)"));
    }
  }

  @Test
  void aSecondJobUnderTheSameNameIsRefusedWhileTheFirstKeepsCommitting() throws Exception {
    try (KafkaTestStack stack = KafkaTestStack.start();
        LocalFlink flink = LocalFlink.start(0, 1)) {
      // The first job goes through the same checks, finds nothing open and starts. Checkpoints
      // every 5 s keep each order's transaction open for a while.
      StreamExecutionEnvironment env = environment();
      main(stack, "twin", "--checkpoint-interval", "5s").prepare(env);
      StreamGraph graph = env.getStreamGraph();
      graph.setJobName("twin");
      JobID first = flink.submit(graph);
      assertThat(Deadline.await(() -> flink.statusOrFailed(first) == JobStatus.RUNNING, WAIT))
          .isTrue();

      // Fills come back through the paper broker, so the job trades in and out all day: orders
      // keep coming after the second job is refused.
      BrokerBridge bridge =
          new BrokerBridge(
              BridgeConfig.of(
                  stack.bootstrapServers(), RegistrySettings.of(stack.registryUrl(), false)),
              new PaperBroker(new BigDecimal("100000")));
      Thread bridgeThread = new Thread(bridge, "bridge");
      bridgeThread.setDaemon(true);
      bridgeThread.start();
      try (bridge;
          Replayer replayer =
              new Replayer(stack.bootstrapServers(), stack.registry(), new ReplaySpeed(1200))) {
        replayer.from(
            new SyntheticBarSource(
                SyntheticBarSource.Config.of(SYMBOLS).withSeed(7).withTradingDays(1)));
        Thread replay = new Thread(replayer, "replayer");
        replay.setDaemon(true);
        replay.start();

        List<String> open = new ArrayList<>();
        assertThat(
                Deadline.await(
                    () -> {
                      open.clear();
                      open.addAll(openTransactions(stack, "twin-orders"));
                      return !open.isEmpty();
                    },
                    WAIT))
            .as("the first job wrote an order and has its transaction open")
            .isTrue();

        // Restoring its own checkpoint, a job takes its prefix over on purpose: not checked.
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///nowhere/chk-1");
        main(stack, "twin").prepare(StreamExecutionEnvironment.getExecutionEnvironment(restore));
        // A fresh start under the same name is refused, naming the transaction seen open before
        // the restore was checked (so it was open then too).
        assertThatThrownBy(() -> main(stack, "twin").prepare(environment()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("prefix 'twin-orders' (job name 'twin')")
            .hasMessageContaining(open.get(0))
            .hasMessageContaining("--job-name");
        // Under another name it may start.
        main(stack, "twin-2").prepare(environment());

        // Nothing was fenced: the first job goes on committing, never restarted.
        int committed = orders(stack).size();
        assertThat(Deadline.await(() -> orders(stack).size() > committed, WAIT))
            .as("the first job commits orders after the second was refused (%d so far)", committed)
            .isTrue();
        assertThat(replayer.awaitFinished(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      }
      assertThat(flink.statusOrFailed(first)).isEqualTo(JobStatus.RUNNING);
      assertThat(new FlinkRest(flink.webUi()).restarts(first)).isZero();
      List<Order> orders = orders(stack);
      for (int i = 0; i < orders.size(); i++) {
        assertThat(orders.get(i).getSequence()).isEqualTo(i + 1L);
      }
      flink.cancel(first);
    }
  }

  /** The job's entry point with {@code more} options after the connection and strategy. */
  private static TradingJobMain main(KafkaTestStack stack, String jobName, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--registry-url",
                stack.registryUrl(),
                "--job-name",
                jobName,
                "--strategy",
                "momentum",
                "--symbols",
                String.join(",", SYMBOLS),
                "--risk-limit",
                "max_correlation=1"));
    args.addAll(List.of(more));
    TradingJobMain main = new TradingJobMain();
    new CommandLine(main).parseArgs(args.toArray(String[]::new));
    return main;
  }

  private static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    return env;
  }

  private static List<Order> orders(KafkaTestStack stack) {
    return stack.reader().readAll(Topic.ORDERS);
  }

  /** Transactional ids of {@code prefix} that the broker lists as open. */
  private static List<String> openTransactions(KafkaTestStack stack, String prefix) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      return admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
          .filter(t -> t.state() == TransactionState.ONGOING)
          .map(TransactionListing::transactionalId)
          .filter(id -> id.startsWith(prefix + "-"))
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("Could not list transactions", e);
    }
  }
}
