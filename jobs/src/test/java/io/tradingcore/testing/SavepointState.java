package io.tradingcore.testing;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Reads one keyed value state of one operator out of a savepoint with Flink's State Processor API,
 * as the state's own serializers wrote it: what a restore will find, by key.
 */
public final class SavepointState {
  private SavepointState() {}

  /**
   * The value of state {@code name} (of {@code type}) of the operator with {@code uid}, for every
   * key (a portfolio name) that has one.
   */
  public static <T> Map<String, T> read(String savepoint, String uid, String name, Class<T> type)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    SavepointReader reader = SavepointReader.read(env, savepoint, new HashMapStateBackend());
    TypeInformation<T> info = TypeInformation.of(type);
    Map<String, T> values = new TreeMap<>();
    try (CloseableIterator<Tuple2<String, T>> rows =
        reader
            .readKeyedState(
                OperatorIdentifier.forUid(uid),
                new ValueReader<>(new ValueStateDescriptor<>(name, info)),
                Types.STRING,
                Types.TUPLE(Types.STRING, info))
            .executeAndCollect("read " + uid + "/" + name + " from " + savepoint)) {
      rows.forEachRemaining(row -> values.put(row.f0, row.f1));
    }
    return values;
  }

  private static final class ValueReader<T>
      extends KeyedStateReaderFunction<String, Tuple2<String, T>> {
    private static final long serialVersionUID = 1L;

    private final ValueStateDescriptor<T> descriptor;
    private transient ValueState<T> state;

    ValueReader(ValueStateDescriptor<T> descriptor) {
      this.descriptor = descriptor;
    }

    @Override
    public void open(OpenContext context) {
      state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void readKey(String key, Context context, Collector<Tuple2<String, T>> out)
        throws Exception {
      T value = state.value();
      if (value != null) {
        out.collect(Tuple2.of(key, value));
      }
    }
  }
}
