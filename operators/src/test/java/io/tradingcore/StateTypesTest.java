package io.tradingcore;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.PortfolioFeatures;
import io.tradingcore.features.cross.CrossAssetState;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.GateState;
import io.tradingcore.marketdata.OpenBar;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TickRuleMemory;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.WorkingOrder;
import io.tradingcore.risk.breakers.BookSignal;
import io.tradingcore.risk.breakers.BreakerThresholds;
import io.tradingcore.risk.breakers.DayLedger;
import io.tradingcore.risk.breakers.FillSignal;
import io.tradingcore.risk.breakers.HeldSignal;
import io.tradingcore.risk.breakers.LateInput;
import io.tradingcore.risk.breakers.MarketBarSignal;
import io.tradingcore.risk.breakers.MarketBreakerInput;
import io.tradingcore.risk.breakers.MarketBreakerMemory;
import io.tradingcore.risk.breakers.MarketFeedSignal;
import io.tradingcore.risk.breakers.MarketReturnSignal;
import io.tradingcore.risk.breakers.ThresholdOverrides;
import io.tradingcore.strategy.AlignedBar;
import io.tradingcore.strategy.TargetPosition;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every type that crosses operators or lives in state must get a Flink serializer that can evolve,
 * never a Kryo fallback (slow, and state written with it cannot change shape).
 */
class StateTypesTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        Bar.class,
        GateState.class,
        PortfolioBar.class,
        Quarantined.class,
        Tick.class,
        OpenBar.class,
        TickRuleMemory.class,
        BarFeatures.class,
        PortfolioFeatures.class,
        FeatureState.class,
        AlignedBar.class,
        CrossAssetState.class,
        PortfolioObservation.class,
        TargetPosition.class,
        Order.class,
        io.tradingcore.execution.SimulatedOrder.class,
        ExecutionReport.class,
        WorkingOrder.class,
        RiskAlert.class,
        Book.class,
        BookSnapshot.class,
        io.tradingcore.portfolio.BrokerStatement.class,
        io.tradingcore.portfolio.BrokerPosition.class,
        io.tradingcore.portfolio.ReconciliationState.class,
        io.tradingcore.risk.PortfolioRiskState.class,
        io.tradingcore.risk.GateInput.class,
        DayLedger.class,
        ThresholdOverrides.class,
        BreakerThresholds.class,
        BookSignal.class,
        FillSignal.class,
        LateInput.class,
        OperatorCommand.class,
        MarketBreakerInput.class,
        MarketBreakerMemory.class,
        MarketBarSignal.class,
        MarketReturnSignal.class,
        MarketFeedSignal.class,
        HeldSignal.class
      })
  void isAFlinkPojoWithoutGenericFields(Class<?> type) {
    TypeInformation<?> info = TypeInformation.of(type);

    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    assertThat(genericParts(info)).as("fields Flink would hand to Kryo").isEmpty();
  }

  private static List<String> genericParts(TypeInformation<?> info) {
    List<String> found = new ArrayList<>();
    collect(info, info.toString(), found);
    return found;
  }

  private static void collect(TypeInformation<?> info, String path, List<String> found) {
    if (info instanceof GenericTypeInfo) {
      found.add(path + ": " + info);
      return;
    }
    if (info instanceof CompositeType<?> composite) {
      for (int i = 0; i < composite.getArity(); i++) {
        collect(composite.getTypeAt(i), path + "." + composite.getFieldNames()[i], found);
      }
    }
    for (TypeInformation<?> generic : info.getGenericParameters().values()) {
      collect(generic, path + "<>", found);
    }
  }
}
