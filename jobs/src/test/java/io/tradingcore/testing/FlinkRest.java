package io.tradingcore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.local.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.flink.api.common.JobID;

/**
 * A job's progress as Flink's REST API reports it (what an operator's tooling sees): its
 * checkpoints, whether every task runs, how often it restarted.
 */
public final class FlinkRest {
  private final URI webUi;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public FlinkRest(URI webUi) {
    this.webUi = webUi;
  }

  /**
   * What {@code /jobs/<id>/checkpoints} says.
   *
   * @param latestCompleted id of the newest completed checkpoint, 0 before the first
   * @param inProgress id of a checkpoint triggered and not yet completed or failed, if any
   */
  public record Checkpoints(long latestCompleted, OptionalLong inProgress, JsonNode history) {
    /**
     * The status ({@code IN_PROGRESS}, {@code COMPLETED}, {@code FAILED}) of checkpoint {@code id},
     * if still in the history.
     */
    public String statusOf(long id) {
      for (JsonNode checkpoint : history) {
        if (checkpoint.path("id").asLong() == id) {
          return checkpoint.path("status").asText();
        }
      }
      return "UNKNOWN";
    }
  }

  public Checkpoints checkpoints(JobID job) {
    JsonNode stats = get("/jobs/" + job.toHexString() + "/checkpoints");
    JsonNode completed = stats.path("latest").path("completed");
    OptionalLong inProgress = OptionalLong.empty();
    for (JsonNode checkpoint : stats.path("history")) {
      if ("IN_PROGRESS".equals(checkpoint.path("status").asText())) {
        inProgress = OptionalLong.of(checkpoint.path("id").asLong());
      }
    }
    return new Checkpoints(
        completed.isObject() ? completed.path("id").asLong() : 0,
        inProgress,
        stats.path("history"));
  }

  /**
   * Whether the job is RUNNING and so is every one of its tasks (not deploying, not restoring), bar
   * those of bounded inputs that have finished.
   */
  public boolean allTasksRunning(JobID job) {
    JsonNode details = get("/jobs/" + job.toHexString());
    if (!"RUNNING".equals(details.path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : details.path("vertices")) {
      JsonNode tasks = vertex.path("tasks");
      int up = tasks.path("RUNNING").asInt() + tasks.path("FINISHED").asInt();
      if (up != vertex.path("parallelism").asInt()) {
        return false;
      }
    }
    return true;
  }

  /** How many TaskManagers are registered with the cluster now. */
  public int taskManagers() {
    return get("/taskmanagers").path("taskmanagers").size();
  }

  /**
   * The job's {@code numRestarts} metric. The REST API fetches metrics in the background and
   * answers with none until its first fetch: this waits up to 30 s for one.
   */
  public long restarts(JobID job) {
    long[] restarts = {-1};
    Deadline.await(
        () -> {
          JsonNode metrics = get("/jobs/" + job.toHexString() + "/metrics?get=numRestarts");
          for (JsonNode metric : metrics) {
            if ("numRestarts".equals(metric.path("id").asText())) {
              restarts[0] = metric.path("value").asLong();
            }
          }
          return restarts[0] >= 0;
        },
        Duration.ofSeconds(30));
    if (restarts[0] < 0) {
      throw new IllegalStateException("Flink reported no numRestarts metric for job " + job);
    }
    return restarts[0];
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(webUi + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Flink REST " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Flink REST " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking Flink REST " + path, e);
    }
  }
}
