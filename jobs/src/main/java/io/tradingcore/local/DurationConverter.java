package io.tradingcore.local;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads durations the way people write them ({@code 90s}, {@code 2m}, {@code 500ms}, ISO {@code
 * PT1M}): {@link io.tradingcore.cli.DurationConverter}, which the broker bridge shares, under the
 * name the job's command lines use.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private final io.tradingcore.cli.DurationConverter shared =
      new io.tradingcore.cli.DurationConverter();

  @Override
  public Duration convert(String value) {
    return shared.convert(value);
  }
}
