package io.tradingcore.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class QuarantineCountersTest {

  @Test
  void registersOneCounterPerReasonUnderAReasonGroup() {
    Map<String, Counter> registered = new TreeMap<>();
    QuarantineCounters counters = QuarantineCounters.register(new Recording("", registered));

    counters.count(QuarantineReason.PRICE_JUMP);
    counters.count(QuarantineReason.PRICE_JUMP);
    counters.count(QuarantineReason.BAD_MAGIC_BYTE);

    assertThat(registered).hasSize(QuarantineReason.values().length);
    assertThat(registered.get("reason=PRICE_JUMP/records_quarantined_total").getCount())
        .isEqualTo(2);
    assertThat(registered.get("reason=BAD_MAGIC_BYTE/records_quarantined_total").getCount())
        .isEqualTo(1);
    assertThat(registered.get("reason=IMPLAUSIBLE_VOLUME/records_quarantined_total").getCount())
        .as("registered before the first record")
        .isZero();
    assertThat(counters.countOf(QuarantineReason.PRICE_JUMP)).isEqualTo(2);
  }

  /** A metric group that remembers where each counter was registered. */
  private static final class Recording extends UnregisteredMetricsGroup {
    private final String path;
    private final Map<String, Counter> registered;

    Recording(String path, Map<String, Counter> registered) {
      this.path = path;
      this.registered = registered;
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      return new Recording(path + key + "=" + value + "/", registered);
    }

    @Override
    public Counter counter(String name) {
      return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      registered.put(path + name, counter);
      return counter;
    }
  }
}
