package io.tradingcore.bridge;

import io.tradingcore.kafka.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the bridge reads orders and market data and writes execution reports.
 *
 * @param name distinguishes bridges sharing a cluster: consumer group and transactional id
 * @param pollTimeout how long one poll waits for records
 * @param startFromMillis where a partition without committed offsets starts: at the first record
 *     written at or after this instant, or (when {@code null}) at the earliest record
 * @param controlKeys the key file that verifies {@code control.v1} commands; {@code null}: the
 *     bridge does not read {@code control.v1}
 * @param reconcileInterval how often the bridge publishes each portfolio's broker positions on
 *     {@code positions.broker.v1}, for the trading job to reconcile its book with; zero: never
 * @param feed the market data the broker works orders against
 */
public record BridgeConfig(
    String bootstrapServers,
    RegistrySettings registry,
    String name,
    Duration pollTimeout,
    Long startFromMillis,
    Path controlKeys,
    Duration reconcileInterval,
    Feed feed) {

  /** The market data the broker works orders against. */
  public enum Feed {
    /** One-minute bars from {@code md.bars.1m.v1}: orders fill on the next bar. */
    BARS,
    /**
     * Trades from {@code md.ticks.v1} (quotes are skipped): orders fill on the next trade, each
     * trade one bar to the broker ({@code PaperFillModel.tradeAsBar}). For a job that aggregates
     * its bars from ticks, where nobody writes {@code md.bars.1m.v1}.
     */
    TRADES
  }

  /** A minute: a lost fill is found within two minutes of quiet, at one broker call a minute. */
  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(60);

  public BridgeConfig {
    if (feed == null) {
      throw new IllegalArgumentException("the bridge's market data feed is required");
    }
    if (reconcileInterval == null || reconcileInterval.isNegative()) {
      throw new IllegalArgumentException(
          "reconcile interval must be zero (off) or positive, got " + reconcileInterval);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "bridge name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
  }

  public static BridgeConfig of(String bootstrapServers, RegistrySettings registry) {
    return new BridgeConfig(
        bootstrapServers,
        registry,
        "broker-bridge",
        Duration.ofMillis(100),
        null,
        null,
        DEFAULT_RECONCILE_INTERVAL,
        Feed.BARS);
  }

  /** The same bridge under another name, starting new partitions at {@code timestampMillis}. */
  public BridgeConfig forRun(String runName, long timestampMillis) {
    return new BridgeConfig(
        bootstrapServers,
        registry,
        runName,
        pollTimeout,
        timestampMillis,
        controlKeys,
        reconcileInterval,
        feed);
  }

  /**
   * The same bridge reading {@code control.v1} and acting on KILL, verified with the keys in {@code
   * keyFile}.
   */
  public BridgeConfig withControlKeys(Path keyFile) {
    return new BridgeConfig(
        bootstrapServers,
        registry,
        name,
        pollTimeout,
        startFromMillis,
        keyFile,
        reconcileInterval,
        feed);
  }

  /** The same bridge publishing broker positions every {@code interval} (zero: never). */
  public BridgeConfig withReconcileInterval(Duration interval) {
    return new BridgeConfig(
        bootstrapServers,
        registry,
        name,
        pollTimeout,
        startFromMillis,
        controlKeys,
        interval,
        feed);
  }

  /** The consumer group of the bridge's {@code control.v1} reader. */
  public String controlGroup() {
    return name + "-control";
  }

  /** The same bridge working orders against {@code feed}. */
  public BridgeConfig withFeed(Feed feed) {
    return new BridgeConfig(
        bootstrapServers,
        registry,
        name,
        pollTimeout,
        startFromMillis,
        controlKeys,
        reconcileInterval,
        feed);
  }
}
