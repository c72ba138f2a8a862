package io.tradingcore.portfolio;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A broker's positions for one portfolio, published by the broker bridge on {@code
 * positions.broker.v1}: what the {@link Reconciliation} compares the book with.
 *
 * @param bridge name of the publishing bridge
 * @param bridgeStarted when that bridge started (epoch millis): sequence and fill counts restart
 *     with every run
 * @param sequence statement number for the portfolio within the bridge run, from 1
 * @param asOf when the positions were read at the broker (epoch millis)
 */
public record BrokerStatement(
    String portfolio,
    String broker,
    String bridge,
    long bridgeStarted,
    long sequence,
    long asOf,
    List<BrokerPosition> positions) {

  public BrokerStatement {
    positions = List.copyOf(positions);
  }

  /** Whether {@code next} is the statement right after this one from the same bridge run. */
  public boolean isFollowedBy(BrokerStatement next) {
    return bridge.equals(next.bridge)
        && bridgeStarted == next.bridgeStarted
        && next.sequence == sequence + 1;
  }

  /** The broker's quantity of {@code symbol}; zero when it lists none. */
  public BigDecimal quantityOf(String symbol) {
    return positionOf(symbol).map(BrokerPosition::quantity).orElse(BigDecimal.ZERO);
  }

  /** Fill reports of {@code symbol} the bridge published in this run; zero when none. */
  public long fillReportsOf(String symbol) {
    return positionOf(symbol).map(BrokerPosition::fillReports).orElse(0L);
  }

  /** Execution id of the bridge's last fill report of {@code symbol} in this run, or null. */
  public String lastFillReportOf(String symbol) {
    return positionOf(symbol).map(BrokerPosition::lastFillReport).orElse(null);
  }

  private Optional<BrokerPosition> positionOf(String symbol) {
    return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
  }

  /** An id for the statement, unique per bridge run and portfolio. */
  public String statementId() {
    return bridge + "@" + bridgeStarted + "/" + portfolio + "#" + sequence;
  }
}
