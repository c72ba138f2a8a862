package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.features.FeatureWindows;
import io.tradingcore.marketdata.GateParameters;
import java.time.Duration;
import java.util.Map;
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

  @Test
  void featureWindowsAreSetByName() {
    FeatureWindows windows =
        parse("--feature-window", "vpin=100", "--feature-window", "rsi=10")
            .toConfig()
            .featureWindows();

    assertThat(windows.vpin()).isEqualTo(100);
    assertThat(windows.rsi()).isEqualTo(10);
    assertThat(windows.with(Map.of("vpin", 50, "rsi", 14))).isEqualTo(FeatureWindows.DEFAULT);
    assertThat(windows.warmUpBars()).isEqualTo(101);
  }

  @Test
  void anUnknownOrInvalidFeatureWindowIsNamed() {
    assertThatThrownBy(parse("--feature-window", "vpn=100")::toConfig)
        .hasMessageContaining("unknown feature window vpn")
        .hasMessageContaining("vpin");
    assertThatThrownBy(parse("--feature-window", "volatility=1")::toConfig)
        .hasMessageContaining("volatility must be at least 2 bars, got 1");
  }

  private static TradingOptions parse(String... args) {
    TradingOptions options = new TradingOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }
}
