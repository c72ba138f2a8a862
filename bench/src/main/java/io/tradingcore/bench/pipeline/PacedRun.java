package io.tradingcore.bench.pipeline;

import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.kafka.OrderDelivery;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The whole trading job fed at a steady rate, far below what it can take, with the paper broker
 * bridge filling its orders: what the job's outputs wait for.
 *
 * <p>Bars are published at {@code rate} a second from the moment the job is submitted, for the
 * warm-up and then the measured seconds. A reader (read committed, like the bridge) receives every
 * order on {@code orders.v1} and every portfolio feature vector on {@code features.v1} and notes
 * when it received it, its Kafka timestamp (when the job's sink handed it to Kafka) and the event
 * time it was decided at (an order's decision time, a vector's bar end). The bar side of each is
 * the create time of the last bar published with that bar end: the input that completed it.
 */
final class PacedRun {

  /**
   * One output of the job.
   *
   * @param createMillis its Kafka timestamp: when the job's sink handed it to Kafka
   * @param visibleMillis when a read-committed consumer received it
   * @param eventMillis the bar end it was decided at
   */
  record Seen(long createMillis, long visibleMillis, long eventMillis) {}

  /**
   * What a run saw.
   *
   * @param orders every order received
   * @param observations every portfolio feature vector received (the input of the strategy)
   * @param lastBarCreate per bar end, the create time of the last bar published with it
   * @param fromMillis start of the measured window (after the warm-up)
   * @param endMillis end of the measured window (publishing stopped)
   */
  record Result(
      List<Seen> orders,
      List<Seen> observations,
      Map<Long, Long> lastBarCreate,
      long fromMillis,
      long endMillis) {

    /** Sink to visible: visible − create time, for outputs created in the measured window. */
    long[] sinkToVisible(List<Seen> outputs) {
      return latencies(outputs, Seen::createMillis);
    }

    /**
     * Bar to visible: visible − the create time of the last bar of the output's bar end, for
     * outputs whose last bar was published in the measured window.
     */
    long[] barToVisible(List<Seen> outputs) {
      return latencies(outputs, s -> lastBarCreate.getOrDefault(s.eventMillis(), Long.MIN_VALUE));
    }

    /** visible − origin, for outputs whose origin lies in the measured window. */
    private long[] latencies(List<Seen> outputs, ToLongFunction<Seen> origin) {
      return outputs.stream()
          .filter(s -> origin.applyAsLong(s) >= fromMillis && origin.applyAsLong(s) < endMillis)
          .mapToLong(s -> s.visibleMillis() - origin.applyAsLong(s))
          .toArray();
    }
  }

  private PacedRun() {}

  static Result run(
      BenchStack stack,
      TradingJobConfig config,
      List<String> symbols,
      OrderDelivery delivery,
      int rate,
      Duration warmUp,
      Duration measured,
      Duration checkpointInterval,
      int parallelism)
      throws Exception {
    long start = System.currentTimeMillis();
    String name = "paced-" + delivery.optionValue() + "-" + start;
    long from = start + warmUp.toMillis();
    long end = from + measured.toMillis();
    List<Seen> orders = new ArrayList<>();
    List<Seen> observations = new ArrayList<>();
    long stopAt = end + 2 * checkpointInterval.toMillis() + 2000;
    RegistryClient registry = stack.registryClient();
    Thread reader =
        new Thread(
            () -> read(stack.bootstrap(), registry, start, stopAt, orders, observations),
            "outputs");
    try (TradingJobRun job =
        TradingJobRun.start(
            stack, config, name, start, delivery, checkpointInterval, parallelism)) {
      job.startBridge(stack, start);
      reader.start();
      Map<Long, Long> lastBarCreate =
          new BarPublisher(stack.bootstrap(), registry, symbols).publishPaced(rate, end);
      reader.join(TimeUnit.SECONDS.toMillis(60) + Math.max(0, stopAt - System.currentTimeMillis()));
      synchronized (orders) {
        return new Result(List.copyOf(orders), List.copyOf(observations), lastBarCreate, from, end);
      }
    }
  }

  private static void read(
      String bootstrap,
      RegistryClient registry,
      long startMillis,
      long stopAt,
      List<Seen> orders,
      List<Seen> observations) {
    AvroCodec<io.tradingcore.schemas.avro.Order> orderCodec =
        AvroCodec.forTopic(Topic.ORDERS, registry, false);
    AvroCodec<FeatureVector> featureCodec = AvroCodec.forTopic(Topic.FEATURES, registry, false);
    try (OutputTail tail =
        new OutputTail(bootstrap, List.of(Topic.ORDERS, Topic.FEATURES), startMillis)) {
      while (System.currentTimeMillis() < stopAt) {
        tail.poll(
            Duration.ofMillis(20),
            record -> {
              long received = System.currentTimeMillis();
              synchronized (orders) {
                if (record.topic().equals(Topic.ORDERS.topicName())) {
                  orders.add(
                      new Seen(
                          record.timestamp(),
                          received,
                          orderCodec.decode(record.value()).getDecisionTime().toEpochMilli()));
                } else {
                  FeatureVector vector = featureCodec.decode(record.value());
                  if (vector.getScope() == FeatureScope.PORTFOLIO) {
                    observations.add(
                        new Seen(record.timestamp(), received, vector.getBarEnd().toEpochMilli()));
                  }
                }
              }
            });
      }
    }
  }
}
