package io.tradingcore.replay;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent, stable seeds from the run's seed, so each symbol has its own random stream:
 * a symbol's idiosyncratic path then does not change when other symbols are added to a run.
 */
final class Seeds {

  static final long MARKET = 0x6d61726b6574L;
  static final long PROFILE = 0x70726f66696c65L;
  static final long PATH = 0x70617468L;

  private Seeds() {}

  static long forMarket(long seed) {
    return mix(seed ^ mix(MARKET));
  }

  static long forSymbol(long seed, String symbol, long purpose) {
    return mix(seed ^ mix(fnv1a(symbol) + purpose));
  }

  // String.hashCode is only 32 bits; FNV-1a over UTF-8 is as stable and spreads better.
  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  // SplitMix64's finaliser: nearby inputs give unrelated outputs.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
