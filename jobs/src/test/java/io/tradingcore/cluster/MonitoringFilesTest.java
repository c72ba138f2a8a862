package io.tradingcore.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.marketdata.QuarantineCounters;
import io.tradingcore.metrics.TradingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker/'s Prometheus and Grafana files, checked without a Docker engine: they parse, Prometheus
 * scrapes the Flink services of the compose file on the reporter's port from flink-conf/, and the
 * dashboard asks only for metric names the operators export.
 */
class MonitoringFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
  private static final Pattern METRIC = Pattern.compile("flink_[A-Za-z0-9_]+");

  /** What the reporter makes of the operators' metrics (see {@link TradingMetrics}). */
  private static final Set<String> EXPORTED =
      Set.of(
          OPERATOR + TradingMetrics.DATA_BARS_TOTAL,
          OPERATOR + TradingMetrics.DATA_BARS_PER_SECOND,
          OPERATOR + TradingMetrics.MODEL_PREDICT_SECONDS,
          OPERATOR + TradingMetrics.DECISION_LATENCY_SECONDS,
          OPERATOR + TradingMetrics.PORTFOLIO + "_" + TradingMetrics.UNREALIZED_PNL,
          OPERATOR + TradingMetrics.PORTFOLIO + "_" + TradingMetrics.REALIZED_PNL,
          OPERATOR + TradingMetrics.PORTFOLIO + "_" + TradingMetrics.EQUITY,
          OPERATOR + TradingMetrics.RISK_LIMIT_VIOLATIONS,
          OPERATOR + TradingMetrics.REASON + "_" + TradingMetrics.RISK_LIMIT_VIOLATIONS,
          OPERATOR + TradingMetrics.ORDERS_TOTAL,
          OPERATOR
              + TradingMetrics.SIDE
              + "_"
              + TradingMetrics.ORDER_TYPE
              + "_"
              + TradingMetrics.ORDERS_TOTAL,
          OPERATOR + TradingMetrics.FILLS_TOTAL,
          OPERATOR + QuarantineCounters.REASON_GROUP + "_" + QuarantineCounters.METRIC,
          OPERATOR + TradingMetrics.MODEL_VERSION + "_" + TradingMetrics.MODEL_INFO);

  @Test
  void prometheusScrapesBothFlinkServicesOnTheReportersPort() throws IOException {
    Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
    Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
    int reporterPort = firstReporterPort();

    List<String> targets = new ArrayList<>();
    for (Object job : list(prometheus.get("scrape_configs"))) {
      for (Object config : list(map(job).get("static_configs"))) {
        for (Object target : list(map(config).get("targets"))) {
          targets.add((String) target);
        }
      }
    }
    assertThat(targets)
        .containsExactlyInAnyOrder("jobmanager:" + reporterPort, "taskmanager:" + reporterPort);
    assertThat(map(compose.get("services")))
        .containsKeys("jobmanager", "taskmanager", "prometheus", "grafana");
  }

  @Test
  void everyFileTheMonitoringServicesMountIsThere() throws IOException {
    Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
    for (String service : List.of("prometheus", "grafana")) {
      for (Object volume : list(map(services.get(service)).get("volumes"))) {
        String source = ((String) volume).split(":")[0];
        if (source.startsWith("./")) {
          assertThat(DOCKER.resolve(source)).as("%s mounts %s", service, source).exists();
        }
      }
    }
    Map<String, Object> provider =
        map(
            list(yaml(DOCKER.resolve("grafana/provisioning/dashboards/trading-core.yaml"))
                    .get("providers"))
                .get(0));
    assertThat(map(provider.get("options")).get("path")).isEqualTo("/etc/grafana/dashboards");
  }

  @Test
  void theDashboardShowsEachDesignMetricUnderItsExportedName() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DOCKER.resolve("grafana/trading-core.json").toFile());
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("targets")).as("panel %s", panel.get("title")).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        Matcher names = METRIC.matcher(target.get("expr").asText());
        while (names.find()) {
          used.add(names.group());
        }
      }
    }

    assertThat(EXPORTED).as("names the operators export").containsAll(used);
    assertThat(used)
        .as("the design's metrics and the issue's")
        .anyMatch(name -> name.endsWith("data_bars_per_second"))
        .anyMatch(name -> name.endsWith("model_predict_seconds"))
        .anyMatch(name -> name.endsWith("portfolio_unrealized_pnl"))
        .anyMatch(name -> name.endsWith("risk_limit_violations_total"))
        .anyMatch(name -> name.endsWith("orders_total"))
        .anyMatch(name -> name.endsWith("fills_total"))
        .anyMatch(name -> name.endsWith("records_quarantined_total"))
        .anyMatch(name -> name.endsWith("decision_latency_seconds"))
        .anyMatch(name -> name.endsWith("model_info"));
  }

  /** The first port of metrics.reporter.prom.port in flink-conf/config.yaml, e.g. 9249-9250. */
  private static int firstReporterPort() throws IOException {
    Map<String, Object> config = yaml(ROOT.resolve("flink-conf/config.yaml"));
    Object port = map(map(map(config.get("metrics")).get("reporter")).get("prom")).get("port");
    return Integer.parseInt(String.valueOf(port).split("[-,]")[0]);
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  private static List<?> list(Object node) {
    assertThat(node).isInstanceOf(List.class);
    return (List<?>) node;
  }
}
