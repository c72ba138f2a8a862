package io.tradingcore.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.jobs.SchemasRegisterMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.evolution.SchemaEvolution;
import io.tradingcore.schemas.evolution.SchemaHistory;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import io.tradingcore.schemas.serde.WireFormat;
import io.tradingcore.testing.JobCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema-evolution walkthrough of schemas/README.md, end to end on real parts (embedded Kafka,
 * the HTTP registry, the trading job on a MiniCluster): a field added with a default passes the
 * build's check, is registered with {@code schemas-register}, and producers on both versions feed
 * old consumers (the running job) and new ones alike; a field added without one is refused by the
 * build (a real Maven build of the schemas module) and by the registry (HTTP 409, explained).
 */
@Tag("slow")
class SchemaEvolutionITCase {
  private static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String PORTFOLIO = "evolution";
  private static final long T0 = Instant.parse("2024-01-08T14:30:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);

  @TempDir Path dir;

  @Test
  void aFieldWithADefaultKeepsOldAndNewConsumersWorking() throws Exception {
    String subject = Topic.BARS.valueSubject();
    Schema v2 =
        withField(
            Topic.BARS.valueSchema(),
            Topic.BARS.valueSchema().getFields().size(),
            "{\"name\":\"venue\",\"type\":[\"null\",\"string\"],\"default\":null,"
                + "\"doc\":\"Exchange the bar was built on (MIC); null when not known.\"}");
    SchemaHistory history = SchemaHistory.onClasspath();

    // 1. The build's check (what ReleasedSchemasTest runs): compatible with every released version.
    assertThat(
            SchemaEvolution.problems(
                subject, history.modeOf(subject), history.versions(subject), v2))
        .isEmpty();

    // 2. Register it with the command, as the walkthrough does.
    Run register = register(subject, v2);
    assertThat(register.code()).as(register.out() + register.err()).isZero();
    assertThat(register.out())
        .containsPattern("md\\.bars\\.1m\\.v1-value +BACKWARD_TRANSITIVE +registered: version 2");
    RegistryClient registry = cluster.stack().registry();
    int v2Id = registry.idOf(subject, v2).orElseThrow();

    // 3. The job, built with version 1's classes, runs while producers on both versions write.
    JobID job = cluster.submitTradingJob(JobCluster.aaplMsftMomentum(PORTFOLIO), "evolution-it");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    AvroCodec<io.tradingcore.schemas.avro.Bar> v1Codec =
        AvroCodec.forTopic(Topic.BARS, registry, false);
    for (int minute = 1; minute <= 40; minute++) {
      for (String symbol : List.of("AAPL", "MSFT")) {
        byte[] v1Bytes =
            v1Codec.encode(
                Topic.BARS.topicName(), AvroMapping.toAvro(bar(symbol, minute), Instant.now()));
        byte[] value = minute <= 20 ? v1Bytes : asVersion2(v1Bytes, registry, v2, v2Id);
        records.add(
            new ProducerRecord<>(
                Topic.BARS.topicName(), symbol.getBytes(StandardCharsets.UTF_8), value));
      }
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record).get(30, TimeUnit.SECONDS);
      }
    }

    try {
      // The old consumer: every bar, of either version, marks the book; nothing is quarantined.
      assertThat(
              Deadline.await(
                  () -> cluster.stack().reader().readAll(Topic.PORTFOLIO).size() >= records.size(),
                  Duration.ofSeconds(90)))
          .as("every bar of both versions marked the book")
          .isTrue();
      assertThat(cluster.stack().reader().readAll(Topic.QUARANTINE)).isEmpty();
    } finally {
      cluster.flink().cancel(job);
    }

    // The new consumer: reads every record with version 2, the default standing in for old ones.
    List<ConsumerRecord<byte[], byte[]>> raw = cluster.stack().reader().readRaw(Topic.BARS);
    assertThat(raw).hasSize(records.size());
    List<Object> venues = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : raw) {
      venues.add(readAs(v2, record.value(), registry).get("venue"));
    }
    assertThat(venues.stream().filter(v -> v == null)).hasSize(40);
    assertThat(venues.stream().filter(v -> v != null).map(Object::toString))
        .hasSize(40)
        .containsOnly("XNAS");
    // An old consumer outside the job (the generated v1 class) reads version 2's records too.
    assertThat(v1Codec.decode(raw.get(raw.size() - 1).value()).getSymbol()).isNotBlank();
  }

  @Test
  void aFieldWithoutADefaultIsRefusedByTheBuildAndByTheRegistry() throws Exception {
    // 1. The build: a copy of the schemas module with the field added fails ReleasedSchemasTest.
    Path copy = dir.resolve("checkout");
    copyTree(REPO_ROOT.resolve("schemas"), copy.resolve("schemas"));
    Files.copy(REPO_ROOT.resolve("pom.xml"), copy.resolve("pom.xml"));
    Path avsc = copy.resolve("schemas/src/main/avro/RiskEvent.avsc");
    String original = Files.readString(avsc);
    String changed =
        original.replaceFirst(
            "\"fields\": \\[\n",
            "\"fields\": [\n    {\"name\": \"venue\", \"type\": \"string\", \"doc\": \"Exchange.\"},\n");
    assertThat(changed).isNotEqualTo(original);
    Files.writeString(avsc, changed);
    Build build = mavenTest(copy.resolve("schemas"), "ReleasedSchemasTest");
    assertThat(build.code()).as("the build fails").isNotZero();
    assertThat(build.output())
        .contains(
            "risk.events.v1-value: the new schema cannot read data written with version 1:"
                + " READER_FIELD_MISSING_DEFAULT_VALUE on field 'venue' (at /fields/0): venue");

    // 2. The registry: the same schema is refused with HTTP 409, explained; nothing registered.
    String subject = Topic.RISK_EVENTS.valueSubject();
    Schema bad =
        withField(
            Topic.RISK_EVENTS.valueSchema(),
            0,
            "{\"name\": \"venue\", \"type\": \"string\", \"doc\": \"Exchange.\"}");
    Run register = register(subject, bad);
    assertThat(register.code()).isEqualTo(1);
    assertThat(register.out())
        .contains("REFUSED")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE: The field 'venue' at path '/fields/0'")
        .contains("the registry answered HTTP 409: nothing was registered")
        .doesNotContain("Exception");
    assertThat(cluster.stack().registry().versionsOf(subject)).containsExactly(1);
  }

  private static Bar bar(String symbol, int minute) {
    BigDecimal price =
        new BigDecimal(symbol.equals("AAPL") ? "180.00" : "370.00")
            .add(BigDecimal.valueOf(minute, 2));
    return new Bar(
        symbol,
        T0 + (minute - 1) * MINUTE,
        T0 + minute * MINUTE,
        price,
        price,
        price,
        price,
        BigDecimal.valueOf(1000),
        null,
        null,
        "evolution");
  }

  /** A version-1 record re-encoded by a producer on version 2, with the new field set. */
  private static byte[] asVersion2(byte[] v1Bytes, RegistryClient registry, Schema v2, int v2Id)
      throws IOException {
    GenericRecord record = readAs(v2, v1Bytes, registry);
    record.put("venue", "XNAS");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
    new GenericDatumWriter<GenericRecord>(v2, GenericData.get()).write(record, encoder);
    encoder.flush();
    return WireFormat.frame(v2Id, body.toByteArray());
  }

  /** Reads a wire-format record with {@code reader}, resolving its writer schema by id. */
  private static GenericRecord readAs(Schema reader, byte[] message, RegistryClient registry)
      throws IOException {
    Schema writer = registry.schemaById(WireFormat.schemaId(message)).orElseThrow();
    return new GenericDatumReader<GenericRecord>(writer, reader, GenericData.get())
        .read(
            null,
            DecoderFactory.get()
                .binaryDecoder(
                    message,
                    WireFormat.HEADER_LENGTH,
                    message.length - WireFormat.HEADER_LENGTH,
                    null));
  }

  /** {@code record} with one more field, given as its JSON, at {@code position}. */
  private static Schema withField(Schema record, int position, String fieldJson) {
    Schema holder =
        new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"F\",\"fields\":[" + fieldJson + "]}");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field existing : record.getFields()) {
      fields.add(new Schema.Field(existing, existing.schema()));
    }
    Schema.Field added = holder.getFields().get(0);
    fields.add(position, new Schema.Field(added, added.schema()));
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  private record Build(int code, String output) {}

  private record Run(int code, String out, String err) {}

  /** {@code schemas-register} of {@code draft} for {@code subject}, as a file. */
  private Run register(String subject, Schema draft) throws IOException {
    Path file = Files.writeString(dir.resolve(subject + ".avsc"), draft.toString(true));
    return run(
        "--registry-url",
        cluster.stack().registryUrl(),
        "--schema",
        subject + "=" + file,
        "--subject",
        subject);
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SchemasRegisterMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs {@code mvn test -Dtest=TEST} in {@code module}, offline, on this build's local repo. */
  private static Build mavenTest(Path module, String test) throws Exception {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "test", "-Dtest=" + test));
    command.add("-Dspotless.check.skip=true");
    String repo = System.getProperty("tradingcore.maven.repo.local", "");
    if (!repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    Path log = module.resolve("build.log");
    Process process =
        new ProcessBuilder(command)
            .directory(module.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the schemas build took over 5 minutes; see " + log);
    }
    return new Build(process.exitValue(), Files.readString(log));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path relative = from.relativize(path);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
