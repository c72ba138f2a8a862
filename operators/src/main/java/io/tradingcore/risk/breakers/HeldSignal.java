package io.tradingcore.risk.breakers;

/**
 * A signal {@link MarketSignalFunction} holds until the watermark passes its time: exactly one of
 * the three fields is set. Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class HeldSignal {
  public MarketBarSignal bar;
  public MarketReturnSignal returns;
  public MarketFeedSignal feed;

  public HeldSignal() {}

  static HeldSignal of(MarketBarSignal bar) {
    HeldSignal held = new HeldSignal();
    held.bar = bar;
    return held;
  }

  static HeldSignal of(MarketReturnSignal returns) {
    HeldSignal held = new HeldSignal();
    held.returns = returns;
    return held;
  }

  static HeldSignal of(MarketFeedSignal feed) {
    HeldSignal held = new HeldSignal();
    held.feed = feed;
    return held;
  }
}
