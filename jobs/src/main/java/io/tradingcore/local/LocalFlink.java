package io.tradingcore.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster with its REST endpoint and web UI, for the local stack: the same runtime as a
 * real cluster, inside this JVM.
 */
public final class LocalFlink implements AutoCloseable {
  /** Name of the Prometheus reporter in the configuration ({@code metrics.reporter.prom.*}). */
  public static final String PROMETHEUS_REPORTER = "prom";

  private final MiniCluster cluster;
  private final URI webUi;
  private final URI metrics;

  private LocalFlink(MiniCluster cluster, URI webUi, URI metrics) {
    this.cluster = cluster;
    this.webUi = webUi;
    this.metrics = metrics;
  }

  /**
   * How many TaskManagers the cluster has and how a failing job restarts.
   *
   * @param taskManagers TaskManagers started with the cluster
   * @param slotsPerTaskManager task slots each one offers
   * @param restartAttempts restarts a failing job gets before it fails for good (fixed delay)
   * @param restartDelay wait before each restart
   */
  public record Shape(
      int taskManagers, int slotsPerTaskManager, int restartAttempts, Duration restartDelay) {
    public Shape {
      if (taskManagers < 1 || slotsPerTaskManager < 1) {
        throw new IllegalArgumentException(
            "a cluster needs at least one TaskManager with one slot, got "
                + taskManagers
                + " TaskManager(s) with "
                + slotsPerTaskManager
                + " slot(s)");
      }
      if (restartAttempts < 0 || restartDelay == null || restartDelay.isNegative()) {
        throw new IllegalArgumentException(
            "restart attempts and delay must be zero or more, got "
                + restartAttempts
                + " and "
                + restartDelay);
      }
    }
  }

  /**
   * Starts a cluster with {@code slots} task slots and the web UI on {@code webPort} (0 picks a
   * free one).
   */
  public static LocalFlink start(int webPort, int slots) throws Exception {
    // A failing job must fail the run, not restart forever.
    return start(webPort, new Shape(1, slots, 3, Duration.ofSeconds(2)));
  }

  /**
   * Starts a cluster with {@code slots} task slots, the web UI on {@code webPort} (0 picks a free
   * one) and Flink's Prometheus reporter answering on {@code metricsPort} for the whole cluster
   * (JobManager and TaskManager share one registry in a MiniCluster).
   */
  public static LocalFlink startWithMetrics(int webPort, int slots, int metricsPort)
      throws Exception {
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new IllegalArgumentException("metrics port must be 1 to 65535, got " + metricsPort);
    }
    return start(webPort, new Shape(1, slots, 3, Duration.ofSeconds(2)), metricsPort);
  }

  /** Starts a cluster of {@code shape} with the web UI on {@code webPort} (0 picks a free one). */
  public static LocalFlink start(int webPort, Shape shape) throws Exception {
    return start(webPort, shape, 0);
  }

  private static LocalFlink start(int webPort, Shape shape, int metricsPort) throws Exception {
    Configuration conf = new Configuration();
    if (metricsPort > 0) {
      prometheusReporter(conf, metricsPort);
    }
    conf.set(RestOptions.PORT, webPort);
    conf.set(RestOptions.BIND_ADDRESS, "0.0.0.0");
    // What /jobs/<id>/checkpoints and the job's metrics say is what tests wait on: now, not up to
    // 3 s (checkpoints) or 10 s (metrics) ago.
    conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ZERO);
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
    conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 100);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, shape.slotsPerTaskManager());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, shape.restartAttempts());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, shape.restartDelay());
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(shape.taskManagers())
                .setNumSlotsPerTaskManager(shape.slotsPerTaskManager())
                .build());
    cluster.start();
    URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
    return new LocalFlink(
        cluster,
        URI.create("http://localhost:" + rest.getPort()),
        metricsPort > 0 ? URI.create("http://localhost:" + metricsPort + "/metrics") : null);
  }

  /** The keys flink-conf/config.yaml sets for the reporter, with this run's port. */
  private static void prometheusReporter(Configuration conf, int port) {
    String prefix = "metrics.reporter." + PROMETHEUS_REPORTER + ".";
    conf.set(
        ConfigOptions.key(prefix + "factory.class").stringType().noDefaultValue(),
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    conf.set(
        ConfigOptions.key(prefix + "port").stringType().noDefaultValue(), Integer.toString(port));
    // Label values as they are (a model version keeps its dots and dashes); Prometheus allows any
    // UTF-8 in a label value. A string: the reporter reads its options as strings and ignores a
    // Boolean value.
    conf.set(
        ConfigOptions.key(prefix + "filterLabelValueCharacters").stringType().noDefaultValue(),
        "false");
  }

  /**
   * Stops the TaskManager started {@code index}-th (from 0, counting those started later with
   * {@link #startTaskManager}): its tasks fail at once and their job restarts without them.
   */
  public void terminateTaskManager(int index) throws Exception {
    cluster.terminateTaskManager(index).get(60, TimeUnit.SECONDS);
  }

  /**
   * Whether the TaskManager started {@code index}-th still runs: a failover can take one down on
   * its own (a task's fatal error terminates its TaskManager). MiniCluster keeps its TaskManagers
   * private, so this reads the list reflectively; tests only.
   */
  public boolean isTaskManagerRunning(int index) {
    try {
      java.lang.reflect.Field field =
          org.apache.flink.runtime.minicluster.MiniCluster.class.getDeclaredField("taskManagers");
      field.setAccessible(true);
      List<?> taskManagers = (List<?>) field.get(cluster);
      synchronized (taskManagers) {
        Object taskManager = taskManagers.get(index);
        return !((org.apache.flink.runtime.rpc.RpcEndpoint) taskManager)
            .getTerminationFuture()
            .isDone();
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read the MiniCluster's TaskManagers", e);
    }
  }

  /** Starts one more TaskManager with the cluster's slots per TaskManager. */
  public void startTaskManager() throws Exception {
    cluster.startTaskManager();
  }

  /**
   * Takes a savepoint of {@code job} into {@code directory} and stops it: what every checkpoint
   * before it produced is committed. Returns the savepoint's path.
   */
  public String stopWithSavepoint(JobID job, Path directory) throws Exception {
    return cluster
        .stopWithSavepoint(job, directory.toUri().toString(), false, SavepointFormatType.CANONICAL)
        .get(60, TimeUnit.SECONDS);
  }

  /**
   * Where Prometheus scrapes this cluster, e.g. {@code http://localhost:9249/metrics}; empty when
   * it was started without the reporter.
   */
  public Optional<URI> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Where the web UI and REST API answer, e.g. {@code http://localhost:8081}. */
  public URI webUi() {
    return webUi;
  }

  public JobID submit(StreamGraph graph) throws Exception {
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }

  public JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
  }

  /** {@link #status}, or FAILED when the cluster cannot tell: what a wait on RUNNING wants. */
  public JobStatus statusOrFailed(JobID job) {
    try {
      return status(job);
    } catch (Exception e) {
      return JobStatus.FAILED;
    }
  }

  /**
   * Why {@code job} failed, once it has ended; {@code null} while it runs or if it did not fail.
   */
  public Throwable failureCause(JobID job) {
    try {
      JobResult result = cluster.requestJobResult(job).get(5, TimeUnit.SECONDS);
      return result
          .getSerializedThrowable()
          .map(t -> t.deserializeError(getClass().getClassLoader()))
          .orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return e;
    }
  }

  public void cancel(JobID job) throws Exception {
    cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws ExecutionException, java.util.concurrent.TimeoutException {
    try {
      cluster.closeAsync().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
