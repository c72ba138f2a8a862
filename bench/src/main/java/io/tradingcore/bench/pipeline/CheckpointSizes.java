package io.tradingcore.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;

/**
 * The state size of a job's newest completed checkpoint, in all and per task (an operator chain),
 * as Flink's REST API reports it: {@code /jobs/<id>/checkpoints} for the newest completed one,
 * {@code /jobs/<id>/checkpoints/details/<checkpoint>} for its tasks and {@code /jobs/<id>} for
 * their names.
 */
final class CheckpointSizes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One task's part of a checkpoint: the chain's name and its full state size in bytes. */
  record TaskSize(String name, long stateBytes) {}

  /**
   * A completed checkpoint.
   *
   * @param id the checkpoint's number
   * @param triggerMillis when it was triggered (epoch milliseconds)
   * @param stateBytes the full state size of every task together
   * @param tasks each task's size, largest first
   */
  record Checkpoint(long id, long triggerMillis, long stateBytes, List<TaskSize> tasks) {}

  private final URI rest;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  CheckpointSizes(URI rest) {
    this.rest = rest;
  }

  /** The newest completed checkpoint of {@code job} with its per-task sizes; empty before one. */
  Optional<Checkpoint> latestCompleted(JobID job) throws IOException, InterruptedException {
    String base = "/jobs/" + job.toHexString();
    JsonNode overview = get(base + "/checkpoints");
    Optional<Long> id = latestCompletedId(overview);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(overview, get(base + "/checkpoints/details/" + id.get()), get(base)));
  }

  static Optional<Long> latestCompletedId(JsonNode overview) {
    JsonNode completed = overview.path("latest").path("completed");
    return completed.isObject() ? Optional.of(completed.path("id").asLong()) : Optional.empty();
  }

  /**
   * Reads the newest completed checkpoint from the three answers: {@code overview} ({@code
   * /checkpoints}), {@code details} ({@code /checkpoints/details/<id>}) and {@code job} ({@code
   * /jobs/<id>}, for the task names).
   */
  static Checkpoint parse(JsonNode overview, JsonNode details, JsonNode job) {
    JsonNode completed = overview.path("latest").path("completed");
    if (!completed.isObject()) {
      throw new IllegalArgumentException("the job has no completed checkpoint");
    }
    Map<String, String> names = new HashMap<>();
    for (JsonNode vertex : job.path("vertices")) {
      names.put(vertex.path("id").asText(), vertex.path("name").asText());
    }
    List<TaskSize> tasks = new ArrayList<>();
    details
        .path("tasks")
        .fields()
        .forEachRemaining(
            task ->
                tasks.add(
                    new TaskSize(
                        names.getOrDefault(task.getKey(), task.getKey()),
                        task.getValue().path("state_size").asLong())));
    tasks.sort(Comparator.comparingLong(TaskSize::stateBytes).reversed());
    return new Checkpoint(
        completed.path("id").asLong(),
        completed.path("trigger_timestamp").asLong(),
        completed.path("state_size").asLong(),
        List.copyOf(tasks));
  }

  /** {@code json} parsed: what the REST API answered. */
  static JsonNode read(String json) throws IOException {
    return JSON.readTree(json);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(rest + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Flink REST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return read(response.body());
  }
}
