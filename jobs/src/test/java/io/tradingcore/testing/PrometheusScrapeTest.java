package io.tradingcore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

  @Test
  void readsNamesLabelsAndValuesAsPrometheusDoes() {
    PrometheusScrape scrape =
        PrometheusScrape.parse(
            """
            # HELP flink_x_bars bars (scope: x)
            # TYPE flink_x_bars gauge
            flink_x_bars{task_name="Source: bars -> decode",subtask_index="0",} 42.0
            flink_x_bars{task_name="a \\"quoted\\" \\\\ name\\nsecond line",subtask_index="1",} 8.0
            flink_x_latency{quantile="0.5",} 1.5E-5
            flink_x_latency_count 3.0 1700000000000
            flink_up NaN
            """);

    assertThat(scrape.samples()).hasSize(5);
    assertThat(scrape.sum("flink_x_bars")).isEqualTo(50.0);
    assertThat(scrape.named("flink_x_bars").get(0).labels())
        .isEqualTo(Map.of("task_name", "Source: bars -> decode", "subtask_index", "0"));
    assertThat(scrape.named("flink_x_bars").get(1).label("task_name"))
        .isEqualTo("a \"quoted\" \\ name\nsecond line");
    assertThat(scrape.named("flink_x_latency", l -> "0.5".equals(l.get("quantile"))))
        .singleElement()
        .extracting(PrometheusScrape.Sample::value)
        .isEqualTo(1.5e-5);
    assertThat(scrape.sum("flink_x_latency_count")).isEqualTo(3.0);
    assertThat(scrape.sum("flink_up")).isNaN();
    assertThat(scrape.sum("flink_absent")).isEqualTo(-1);
  }

  @Test
  void aLineThatIsNotASampleIsNamed() {
    assertThatThrownBy(() -> PrometheusScrape.parse("ok 1\nbroken{a=1} 2\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2 is not a Prometheus sample: broken{a=1} 2");
  }
}
