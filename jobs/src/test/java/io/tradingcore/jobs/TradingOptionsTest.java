package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.marketdata.GateParameters;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TradingOptionsTest {

  @Test
  void theGateDefaultsAreTheDocumentedOnes() {
    TradingOptions options = parse();

    assertThat(options.toConfig().gate()).isEqualTo(GateParameters.DEFAULT);
  }

  @Test
  void gateOptionsReachTheJobConfiguration() {
    GateParameters gate =
        parse(
                "--bar-interval", "PT5M",
                "--jump-sigmas", "6",
                "--gate-min-history", "30",
                "--volume-multiple", "20",
                "--missing-bars-after", "2")
            .toConfig()
            .gate();

    assertThat(gate.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(gate.jumpSigmas()).isEqualTo(6.0);
    assertThat(gate.minHistory()).isEqualTo(30);
    assertThat(gate.volumeMultiple()).isEqualTo(20.0);
    assertThat(gate.missingBarsAfter()).isEqualTo(2);
  }

  @Test
  void reportsEveryBadGateSettingAtOnce() {
    TradingOptions options =
        parse("--jump-sigmas", "0", "--gate-min-history", "100", "--volume-multiple", "1");

    assertThatThrownBy(options::toConfig)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jump threshold")
        .hasMessageContaining("minimum history")
        .hasMessageContaining("volume multiple");
  }

  private static TradingOptions parse(String... args) {
    TradingOptions options = new TradingOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
