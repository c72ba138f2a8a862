package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backtest's stream and state types get Flink's POJO serializer with no Kryo fallback anywhere
 * inside (the runner disables generic types, as the live job does); the portfolio breakers' applied
 * events travel as {@link BreakerPasses.Scheduled}.
 */
class BacktestTypesTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        BacktestInput.class,
        BacktestRecord.class,
        BacktestPortfolioState.class,
        VenueOrder.class,
        BreakerPasses.Scheduled.class
      })
  void isAFlinkPojoSerializableWithoutKryo(Class<?> type) {
    TypeInformation<?> info = TypeInformation.of(type);
    SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
    noGenericTypes.setGenericTypes(false);

    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    assertThatCode(() -> info.createSerializer(noGenericTypes)).doesNotThrowAnyException();
  }
}
