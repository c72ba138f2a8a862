package io.tradingcore.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.ControlTypeInfo;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.kafka.SplitDecoded;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.risk.control.VerifyControlFunction;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The control pieces composed as a job would compose them, built with Kryo disabled: the decoded
 * commands, the keyed verifier and its refusals all have Flink serializers, and the functions ship.
 *
 * <p>Building the graph is not enough for {@code Control}: Flink's own analysis picks flink-avro's
 * serializer, whose relocated Avro cannot write our Avro classes (it fails on the first record). So
 * the test sends a command through the serializer the graph really uses.
 */
class ControlGraphTest {
  private static final KafkaEndpoints KAFKA =
      new KafkaEndpoints(
          "localhost:1", RegistrySettings.of("http://localhost:1", false), "control-graph-test");

  private static final Control KILL =
      Control.newBuilder()
          .setCommandId("cmd-1")
          .setPortfolio("main")
          .setCommand(ControlCommand.KILL)
          .setOperator("alice")
          .setReason("drill")
          .setIssuedAt(Instant.parse("2026-01-01T00:00:00Z"))
          .setKeyId("ops-1")
          .setSignature(ByteBuffer.wrap(new byte[32]))
          .build();

  @Test
  void commandsDecodeAndVerifyWithoutKryo() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));

    SingleOutputStreamOperator<Control> commands =
        env.fromSource(KAFKA.control(), WatermarkStrategy.noWatermarks(), "control.v1")
            .uid("source-control")
            .process(new SplitDecoded<Control>())
            .returns(ControlTypeInfo.INSTANCE)
            .uid("decode-control");
    SingleOutputStreamOperator<OperatorCommand> verified =
        commands
            .keyBy(Control::getCommandId)
            .process(
                new VerifyControlFunction(
                    Path.of("/etc/trading-core/control.keys"), Set.of("main")))
            .uid("verify-control");
    verified.sinkTo(new DiscardingSink<>()).uid("commands");
    verified.getSideOutput(VerifyControlFunction.REFUSED).sinkTo(new DiscardingSink<>());
    commands.getSideOutput(SplitDecoded.QUARANTINE).sinkTo(new DiscardingSink<>());

    StreamGraph graph = env.getStreamGraph();

    assertThat(roundTrip(node(graph, "decode-control"), KILL)).isEqualTo(KILL);
    OperatorCommand setLimit =
        new OperatorCommand(
            "cmd-2",
            "*",
            ControlCommand.SET_LIMIT,
            RiskParameter.PRICE_JUMP,
            new BigDecimal("0.05"),
            "alice",
            "wider",
            1L);
    assertThat(roundTrip(node(graph, "verify-control"), setLimit)).isEqualTo(setLimit);
    assertThat(graph.getJobGraph().getVertices()).isNotEmpty();
  }

  private static StreamNode node(StreamGraph graph, String uid) {
    return StreamSupport.stream(graph.getStreamNodes().spliterator(), false)
        .filter(n -> uid.equals(n.getTransformationUID()))
        .findFirst()
        .orElseThrow();
  }

  /** {@code value} through the serializer the graph gave {@code node}'s output. */
  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(StreamNode node, T value) throws Exception {
    TypeSerializer<T> wire = (TypeSerializer<T>) node.getTypeSerializerOut();
    DataOutputSerializer out = new DataOutputSerializer(128);
    wire.serialize(value, out);
    return wire.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
