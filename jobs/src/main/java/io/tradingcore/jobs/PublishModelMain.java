package io.tradingcore.jobs;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.policy.ModelRelease;
import io.tradingcore.policy.PolicyContract;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/trading-core publish-model}: checks an ONNX policy against the contract and publishes
 * it to {@code models.v1}, where a running trading job picks it up at the next bar. Publishing an
 * older file is a rollback.
 */
@Command(
    name = "publish-model",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks an ONNX policy model against the policy contract and publishes it to models.v1;"
          + " a running trading job swaps to it at the next bar (publish an older model to roll"
          + " back)."
    })
public final class PublishModelMain implements Callable<Integer> {
  /** Large enough for inline models; the topic is created with the same limit. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file to publish.")
  Path model;

  @Mixin LocalKafkaOptions kafka = new LocalKafkaOptions();

  @Option(
      names = "--by-reference",
      description =
          "Publish the model's file: URI instead of its bytes (every TaskManager must read the"
              + " path).")
  boolean byReference;

  @Option(
      names = "--check-only",
      description = "Check the model and print its contract; publish nothing.")
  boolean checkOnly;

  private final PrintStream console;

  public PublishModelMain() {
    this(System.out);
  }

  public PublishModelMain(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new PublishModelMain()).execute(args));
  }

  /** The command line with one clear error line instead of a stack trace. */
  public static CommandLine commandLine(PublishModelMain command) {
    return CommandLines.plainErrors(command);
  }

  @Override
  public Integer call() throws Exception {
    ModelReleases.Loaded loaded = ModelReleases.fromFile(model);
    ModelRelease inline = loaded.release();
    PolicyContract contract = loaded.contract();
    console.printf(
        Locale.ROOT,
        "%s@%s: %d symbols %s, %d observation values, %d actions, hidden %d, %s, %,d bytes%n",
        contract.modelName(),
        contract.modelVersion(),
        contract.symbols().size(),
        contract.symbols(),
        contract.observationSize(),
        contract.actions().size(),
        contract.hiddenSize(),
        contract.positionMode().name().toLowerCase(Locale.ROOT),
        inline.onnx().length);
    if (!contract.metrics().isEmpty()) {
      console.println("  training metrics: " + contract.metrics());
    }
    if (checkOnly) {
      console.println("The model fits the policy contract; nothing published (--check-only).");
      return 0;
    }
    ModelRelease release =
        byReference
            ? new ModelRelease(
                inline.modelName(),
                inline.version(),
                null,
                model.toAbsolutePath().toUri().toString(),
                inline.sha256(),
                inline.declaredSymbols(),
                inline.declaredObservation(),
                inline.createdAtMillis(),
                inline.source())
            : inline;
    ModelUpdate update = AvroMapping.toAvro(release, contract);
    AvroCodec<ModelUpdate> codec =
        AvroCodec.forTopic(Topic.MODELS, new RegistryClient(kafka.registryUrl()), true);
    byte[] value = codec.encode(Topic.MODELS.topicName(), update);
    Properties properties = KafkaClients.producer(kafka.bootstrapServers());
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      RecordMetadata written =
          producer
              .send(
                  new ProducerRecord<>(
                      Topic.MODELS.topicName(),
                      release.modelName().getBytes(StandardCharsets.UTF_8),
                      value))
              .get(30, TimeUnit.SECONDS);
      console.printf(
          Locale.ROOT,
          "Published %s@%s to %s (partition %d, offset %d); a running job swaps at its next bar.%n",
          release.modelName(),
          release.version(),
          Topic.MODELS.topicName(),
          written.partition(),
          written.offset());
    }
    return 0;
  }
}
