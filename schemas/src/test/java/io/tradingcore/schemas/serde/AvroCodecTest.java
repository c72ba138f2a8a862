package io.tradingcore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.schemas.SampleRecords;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Bar;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The codec against a real HTTP schema registry, as in production. */
class AvroCodecTest {
  private static LocalSchemaRegistry server;
  private static RegistryClient registry;

  @BeforeAll
  static void startRegistry() {
    server = LocalSchemaRegistry.start("127.0.0.1", 0);
    registry = new RegistryClient(server.url());
  }

  @AfterAll
  static void stopRegistry() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void roundTripsEveryRecordType(Topic topic) {
    AvroCodec<SpecificRecord> codec = AvroCodec.forTopic(topic, registry, true);
    SpecificRecord record = SampleRecords.of(topic);

    byte[] bytes = codec.encode(topic.topicName(), record);

    assertThat(codec.decode(bytes)).isEqualTo(record);
    assertThat(registry.subjects()).contains(topic.valueSubject());
  }

  @Test
  void writesMagicByteRegisteredIdAndPlainAvroBody() throws Exception {
    AvroCodec<Bar> codec = new AvroCodec<>(Bar.class, registry, true);
    Bar bar = SampleRecords.bar();

    byte[] bytes = codec.encode("md.bars.1m.v1", bar);

    int registeredId = registry.idOf("md.bars.1m.v1-value", Bar.getClassSchema()).orElseThrow();
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, 5);
    assertThat(header.get()).isEqualTo((byte) 0);
    assertThat(header.getInt()).isEqualTo(registeredId);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(bar));
  }

  @Test
  void namesAnUnknownSchemaIdAndTheRegistry() {
    AvroCodec<Bar> codec = new AvroCodec<>(Bar.class, registry, true);
    byte[] bytes = codec.encode("md.bars.1m.v1", SampleRecords.bar());
    ByteBuffer.wrap(bytes).putInt(1, 987_654);

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.UNKNOWN_SCHEMA_ID))
        .hasMessageContaining("unknown schema id 987654")
        .hasMessageContaining(server.url());
  }

  @Test
  void refusesAWrongMagicByte() {
    AvroCodec<Bar> codec = new AvroCodec<>(Bar.class, registry, true);
    byte[] bytes = codec.encode("md.bars.1m.v1", SampleRecords.bar());
    bytes[0] = 1;

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.BAD_MAGIC_BYTE))
        .hasMessageContaining("unknown magic byte 0x01");
  }

  @Test
  void reportsATruncatedBody() {
    AvroCodec<Bar> codec = new AvroCodec<>(Bar.class, registry, true);
    byte[] bytes = codec.encode("md.bars.1m.v1", SampleRecords.bar());

    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 10)))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.TRUNCATED));
  }

  @Test
  void refusesARecordWrittenWithAnotherSubjectsSchema() {
    AvroCodec<Order> orders = new AvroCodec<>(Order.class, registry, true);
    byte[] order = orders.encode("orders.v1", SampleRecords.orderForTests());
    AvroCodec<Bar> bars = new AvroCodec<>(Bar.class, registry, true);

    assertThatThrownBy(() -> bars.decode(order))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.SCHEMA_VIOLATION))
        .hasMessageContaining("io.tradingcore.schemas.avro.Order")
        .hasMessageContaining("another subject's schema");
  }

  @Test
  void reportsTrailingGarbage() {
    AvroCodec<Bar> codec = new AvroCodec<>(Bar.class, registry, true);
    byte[] bytes = codec.encode("md.bars.1m.v1", SampleRecords.bar());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.UNDECODABLE))
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void readsRecordsWrittenWithAnOlderSchema() throws Exception {
    // An older Bar without the 'source' field (which the current schema gives a default).
    Bar sample = SampleRecords.bar();

    Bar decoded =
        new AvroCodec<>(Bar.class, registry, true).decode(writtenWithout(sample, "source"));

    assertThat(decoded.getSymbol()).isEqualTo("AAPL");
    assertThat(decoded.getClose()).isEqualByComparingTo(sample.getClose());
    assertThat(decoded.getSource()).isEqualTo("unknown");
  }

  @Test
  void readsAnOrderWrittenBeforeActionsTrailsAndExitsAsANewPlainOrder() throws Exception {
    Order sample = SampleRecords.orderForTests();

    Order decoded =
        new AvroCodec<>(Order.class, registry, true)
            .decode(
                writtenWithout(
                    sample,
                    "action",
                    "targetClientOrderId",
                    "trailPrice",
                    "trailPercent",
                    "takeProfitPrice",
                    "stopLossPrice"));

    assertThat(decoded.getAction()).isEqualTo(OrderAction.NEW);
    assertThat(decoded.getTargetClientOrderId()).isNull();
    assertThat(decoded.getTrailPrice()).isNull();
    assertThat(decoded.getTrailPercent()).isNull();
    assertThat(decoded.getTakeProfitPrice()).isNull();
    assertThat(decoded.getStopLossPrice()).isNull();
    assertThat(decoded.getClientOrderId()).isEqualTo(sample.getClientOrderId());
    assertThat(decoded.getLimitPrice()).isEqualByComparingTo(sample.getLimitPrice());
  }

  /**
   * {@code sample} in the registry wire format as a writer with an older schema, one that lacks
   * {@code dropped}, would have framed it.
   */
  private byte[] writtenWithout(SpecificRecordBase sample, String... dropped) throws Exception {
    Schema current = sample.getSchema();
    List<Schema.Field> olderFields = new ArrayList<>();
    for (Schema.Field field : current.getFields()) {
      if (!List.of(dropped).contains(field.name())) {
        olderFields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema older =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, olderFields);
    assertThat(older.getField(dropped[0])).as("the older schema lacks the field").isNull();
    int olderId = registry.register("evolution-test-" + current.getName() + "-value", older);
    GenericRecord old = new GenericData.Record(older);
    for (Schema.Field field : older.getFields()) {
      old.put(field.name(), sample.get(field.name()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
    model.addLogicalTypeConversion(
        new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    new GenericDatumWriter<GenericRecord>(older, model).write(old, encoder);
    encoder.flush();
    return WireFormat.frame(olderId, out.toByteArray());
  }

  @Test
  void refusesToWriteAnUnregisteredSchemaWhenAutoRegistrationIsOff() {
    AvroCodec<Order> codec = new AvroCodec<>(Order.class, registry, false);

    assertThatThrownBy(() -> codec.encode("never-registered.v1", SampleRecords.orderForTests()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not registered under never-registered.v1-value")
        .hasMessageContaining("register the schemas first");
  }

  @Test
  void failsWithinItsTimeoutWhenTheRegistryIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RegistryClient unreachable =
        new RegistryClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2));
    AvroCodec<Bar> codec = new AvroCodec<>(Bar.class, unreachable, true);

    long start = System.nanoTime();
    assertThatThrownBy(() -> codec.encode("md.bars.1m.v1", SampleRecords.bar()))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("http://127.0.0.1:" + closedPort)
        .hasMessageContaining("could not register");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void refusesAMalformedRegistryUrl() {
    assertThatThrownBy(() -> new RegistryClient("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://host:port");
  }

  private static byte[] avroBinary(Bar bar) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Bar.class).write(bar, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
