package io.tradingcore.local;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster with its REST endpoint and web UI, for the local stack: the same runtime as a
 * real cluster, inside this JVM.
 */
public final class LocalFlink implements AutoCloseable {
  private final MiniCluster cluster;
  private final URI webUi;

  private LocalFlink(MiniCluster cluster, URI webUi) {
    this.cluster = cluster;
    this.webUi = webUi;
  }

  /**
   * Starts a cluster with {@code slots} task slots and the web UI on {@code webPort} (0 picks a
   * free one).
   */
  public static LocalFlink start(int webPort, int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.PORT, webPort);
    conf.set(RestOptions.BIND_ADDRESS, "0.0.0.0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    // A failing job must fail the run, not restart forever.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
    return new LocalFlink(cluster, URI.create("http://localhost:" + rest.getPort()));
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
