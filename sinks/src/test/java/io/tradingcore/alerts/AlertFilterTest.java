package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertFilterTest {
  @Test
  void byDefaultHaltsPausesResumesAndLimitViolationsGoAndTheirEchoesDoNot() {
    AlertFilter filter = AlertFilter.DEFAULT;

    assertThat(filter.accepts(RiskEvents.drawdownHalt("main"))).isTrue();
    assertThat(filter.accepts(RiskEvents.staleFeedPause("AAPL"))).isTrue();
    assertThat(filter.accepts(RiskEvents.resume("main", "c1"))).isTrue();
    assertThat(filter.accepts(RiskEvents.positionLimitDenial("main"))).isTrue();
    assertThat(filter.accepts(RiskEvents.haltedDenial("main", "o1"))).isFalse();
    assertThat(filter.accepts(RiskEvents.controlAccepted("main", "c1"))).isFalse();
  }

  @Test
  void aProfitLockThatOnlyReducesIsAtTheDefaultThreshold() {
    RiskEvent reduce =
        RiskEvent.newBuilder(RiskEvents.resume("main", "c1"))
            .setReason(RiskReason.PROFIT_LOCK)
            .setSeverity(Severity.REDUCE)
            .build();

    assertThat(AlertFilter.DEFAULT.accepts(reduce)).isTrue();
    assertThat(new AlertFilter(Severity.PAUSE, Set.of()).accepts(reduce)).isFalse();
  }

  @Test
  void theLowestSeveritySendsEverythingAndNoReasonsSendsBySeverityOnly() {
    AlertFilter everything = new AlertFilter(Severity.INFO, Set.of());
    AlertFilter haltsOnly = new AlertFilter(Severity.HALT, Set.of());

    assertThat(everything.accepts(RiskEvents.controlAccepted("main", "c1"))).isTrue();
    assertThat(haltsOnly.accepts(RiskEvents.drawdownHalt("main"))).isTrue();
    assertThat(haltsOnly.accepts(RiskEvents.staleFeedPause("AAPL"))).isFalse();
    assertThat(haltsOnly.accepts(RiskEvents.resume("main", "c1"))).isFalse();
    assertThat(everything.describe()).isEqualTo("every event");
    assertThat(AlertFilter.DEFAULT.describe()).isEqualTo("severity ≥ REDUCE and 15 more reasons");
    assertThat(new AlertFilter(Severity.HALT, EnumSet.of(RiskReason.TRADING_STATE)).describe())
        .isEqualTo("severity ≥ HALT and 1 more reason");
  }
}
