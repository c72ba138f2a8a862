package io.tradingcore.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckpointSizesTest {

  // Trimmed from what Flink 2.2's REST API answers for a job with two tasks.
  private static final String OVERVIEW =
      """
      {"counts": {"restored": 0, "total": 4, "in_progress": 1, "completed": 3, "failed": 0},
       "latest": {"completed": {"className": "completed", "id": 3, "status": "COMPLETED",
                                "is_savepoint": false, "trigger_timestamp": 1763766000123,
                                "state_size": 30720, "checkpointed_size": 30720},
                  "savepoint": null, "failed": null, "restored": null},
       "history": []}
      """;
  private static final String DETAILS =
      """
      {"id": 3, "status": "COMPLETED", "state_size": 30720,
       "tasks": {"a1": {"id": 3, "status": "COMPLETED", "state_size": 10240,
                        "checkpointed_size": 10240, "num_subtasks": 2},
                 "b2": {"id": 3, "status": "COMPLETED", "state_size": 20480,
                        "checkpointed_size": 20480, "num_subtasks": 2},
                 "c3": {"id": 3, "status": "COMPLETED", "state_size": 0, "num_subtasks": 1}}}
      """;
  private static final String JOB =
      """
      {"jid": "x", "name": "bench", "state": "RUNNING",
       "vertices": [{"id": "a1", "name": "Source: bars -> decode", "parallelism": 2},
                    {"id": "b2", "name": "rolling features -> features.v1", "parallelism": 2}]}
      """;

  @Test
  void readsTheNewestCompletedCheckpointLargestTaskFirst() throws Exception {
    CheckpointSizes.Checkpoint checkpoint =
        CheckpointSizes.parse(
            CheckpointSizes.read(OVERVIEW),
            CheckpointSizes.read(DETAILS),
            CheckpointSizes.read(JOB));
    assertThat(checkpoint.id()).isEqualTo(3);
    assertThat(checkpoint.triggerMillis()).isEqualTo(1763766000123L);
    assertThat(checkpoint.stateBytes()).isEqualTo(30720);
    assertThat(checkpoint.tasks())
        .containsExactly(
            new CheckpointSizes.TaskSize("rolling features -> features.v1", 20480),
            new CheckpointSizes.TaskSize("Source: bars -> decode", 10240),
            new CheckpointSizes.TaskSize("c3", 0));
  }

  @Test
  void noCompletedCheckpointYet() throws Exception {
    String none =
        """
        {"counts": {"completed": 0}, "latest": {"completed": null}, "history": []}
        """;
    assertThat(CheckpointSizes.latestCompletedId(CheckpointSizes.read(none))).isEmpty();
    assertThat(CheckpointSizes.latestCompletedId(CheckpointSizes.read(OVERVIEW))).contains(3L);
    assertThatThrownBy(
            () ->
                CheckpointSizes.parse(
                    CheckpointSizes.read(none),
                    CheckpointSizes.read(DETAILS),
                    CheckpointSizes.read(JOB)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
