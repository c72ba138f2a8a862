package io.tradingcore.bench.pipeline;

import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.kafka.OrderDelivery;
import io.tradingcore.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;

/**
 * Bars written to Kafka first, then the whole trading job (exactly-once orders) reads them as fast
 * as it can: how many bars a second it sustains, and how large its state is once it has seen them.
 *
 * <p>The job reads unbounded sources from the moment publishing began, so it keeps running with all
 * its state after the last bar. It has read every bar once every bar's feature vector (keyed by its
 * symbol on {@code features.v1}) or quarantine record has reached Kafka; a checkpoint triggered
 * after that moment carries barriers behind every bar through every operator, so once it completes
 * the job has processed all of them and its size is the state after all the bars.
 *
 * <p>Sustained throughput = bars ÷ the time between the first and the last record the job wrote to
 * {@code features.v1}, {@code portfolio.v1}, {@code orders.v1} or {@code md.quarantine.v1} (the
 * producing sinks' timestamps, so start-up is left out), as far as they can be read once that
 * checkpoint has completed.
 */
final class PrepublishedRun {
  private static final List<Topic> OUTPUTS =
      List.of(Topic.FEATURES, Topic.PORTFOLIO, Topic.ORDERS, Topic.QUARANTINE);

  /**
   * What one run measured.
   *
   * @param bars bars published and processed
   * @param publishNanos how long publishing them took
   * @param spanMillis first to last output record
   * @param readAllMillis from submitting the job to the last bar's feature vector (start-up
   *     included)
   * @param outputs records the job wrote to the output topics
   * @param checkpoint the first checkpoint completed after the job had read every bar
   */
  record Result(
      int bars,
      long publishNanos,
      long spanMillis,
      long readAllMillis,
      long outputs,
      CheckpointSizes.Checkpoint checkpoint) {

    double sustainedBarsPerSecond() {
      return spanMillis > 0 ? bars / (spanMillis / 1e3) : Double.NaN;
    }
  }

  private PrepublishedRun() {}

  static Result run(
      BenchStack stack,
      TradingJobConfig config,
      List<String> symbols,
      int bars,
      Duration checkpointInterval,
      int parallelism,
      Duration timeout)
      throws Exception {
    long since = System.currentTimeMillis();
    long publishStart = System.nanoTime();
    int written =
        new BarPublisher(stack.bootstrap(), stack.registryClient(), symbols).publishAll(bars);
    long publishNanos = System.nanoTime() - publishStart;

    Set<String> keys = new HashSet<>(symbols);
    long[] perBar = {0};
    String name = "prepublished-" + since;
    long submitted = System.currentTimeMillis();
    try (OutputTail tail = new OutputTail(stack.bootstrap(), OUTPUTS, since);
        TradingJobRun job =
            TradingJobRun.start(
                stack,
                config,
                name,
                since,
                OrderDelivery.EXACTLY_ONCE,
                checkpointInterval,
                parallelism)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      int polls = 0;
      while (perBar[0] < written) {
        tail.poll(
            Duration.ofMillis(200),
            r -> {
              if (r.key() != null
                  && keys.contains(new String(r.key(), StandardCharsets.UTF_8))
                  && !r.topic().equals(Topic.PORTFOLIO.topicName())) {
                perBar[0]++;
              }
            });
        if (++polls % 25 == 0) {
          ensureRunning(job);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the job wrote "
                  + perBar[0]
                  + " of "
                  + written
                  + " bars' feature vectors within "
                  + timeout);
        }
      }
      long readAll = System.currentTimeMillis();
      CheckpointSizes sizes = new CheckpointSizes(job.flink().webUi());
      Optional<CheckpointSizes.Checkpoint> after = Optional.empty();
      while (after.isEmpty()) {
        // Keep reading: what the job writes until the checkpoint completes is part of the bars.
        tail.poll(Duration.ofMillis(200), r -> {});
        Optional<CheckpointSizes.Checkpoint> latest = sizes.latestCompleted(job.job());
        if (latest.isPresent() && latest.get().triggerMillis() > readAll) {
          after = latest;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no checkpoint completed within " + timeout);
        }
        ensureRunning(job);
      }
      tail.drain(r -> {});
      return new Result(
          written, publishNanos, tail.spanMillis(), readAll - submitted, tail.count(), after.get());
    }
  }

  private static void ensureRunning(TradingJobRun job) {
    JobStatus status = job.flink().statusOrFailed(job.job());
    if (status.isGloballyTerminalState() || status == JobStatus.RESTARTING) {
      throw new IllegalStateException(
          "the trading job is " + status, job.flink().failureCause(job.job()));
    }
  }
}
