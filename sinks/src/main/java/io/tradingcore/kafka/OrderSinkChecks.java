package io.tradingcore.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What the exactly-once order sink needs from Kafka, checked before a trading job is submitted, so
 * a job that could never commit an order, or that would silently break another one, is refused at
 * start with the values at fault instead of failing later.
 *
 * <ul>
 *   <li>The sink's transaction timeout must not exceed the brokers' {@code
 *       transaction.max.timeout.ms}: a broker refuses such a producer, and the job would fail on
 *       its first order.
 *   <li>At a fresh start, no transaction of the job's transactional-id prefix may be open: the new
 *       job's sink aborts every transaction of its prefix as it starts, which would fence the
 *       producers of a job already running under the same name and throw away its uncommitted
 *       orders. A job restored from a checkpoint or savepoint takes its own prefix over on purpose
 *       and is not checked.
 * </ul>
 *
 * <p>A running job is seen only while it has a transaction open, that is when it has written an
 * order since its last checkpoint: Kafka keeps no other sign of a live transactional producer.
 */
public final class OrderSinkChecks {
  /** The broker setting the sink's transaction timeout must stay within. */
  public static final String MAX_TIMEOUT_SETTING = "transaction.max.timeout.ms";

  /** Kafka's default for {@link #MAX_TIMEOUT_SETTING}, when a broker does not report one. */
  static final long BROKER_DEFAULT_MAX_TIMEOUT_MS = Duration.ofMinutes(15).toMillis();

  /** Transaction states between the first write and the end of the commit or abort. */
  private static final Set<TransactionState> OPEN =
      Set.of(
          TransactionState.ONGOING,
          TransactionState.PREPARE_COMMIT,
          TransactionState.PREPARE_ABORT);

  private OrderSinkChecks() {}

  /** Whether the job starts with empty state or from a checkpoint or savepoint. */
  public enum Start {
    FRESH,
    RESTORED
  }

  /**
   * Runs every check against the brokers at {@code kafka.bootstrapServers()}. With {@link
   * OrderDelivery#IDEMPOTENT} delivery the sink opens no transaction and there is nothing to check.
   *
   * @param start a {@link Start#RESTORED} job skips the transactional-id check
   * @param timeout how long Kafka may take to answer
   * @throws IllegalStateException listing every problem found, each with the values and what to do,
   *     or naming the servers when Kafka does not answer
   */
  public static void requireSafeToStart(KafkaEndpoints kafka, Start start, Duration timeout) {
    if (kafka.orderDelivery() != OrderDelivery.EXACTLY_ONCE) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try (Admin admin = Admin.create(KafkaClients.admin(kafka.bootstrapServers(), timeout))) {
      transactionTimeoutProblem(
              kafka.transactionTimeout(),
              maxTimeoutByBroker(admin, timeout),
              kafka.bootstrapServers())
          .ifPresent(problems::add);
      if (start == Start.FRESH) {
        String prefix = kafka.ordersTransactionalIdPrefix();
        prefixCollision(kafka.jobName(), prefix, openTransactions(admin, prefix, timeout))
            .ifPresent(problems::add);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not check the order sink's transactions on Kafka at "
              + kafka.bootstrapServers()
              + " within "
              + timeout.toSeconds()
              + " s: "
              + (e.getCause() == null ? e : e.getCause()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking Kafka's transactions", e);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
  }

  /**
   * The problem when {@code sinkTimeout} exceeds the smallest {@code transaction.max.timeout.ms} of
   * {@code maxTimeoutMsByBroker} (broker id → milliseconds), or nothing.
   */
  static Optional<String> transactionTimeoutProblem(
      Duration sinkTimeout, Map<String, Long> maxTimeoutMsByBroker, String bootstrapServers) {
    Optional<Map.Entry<String, Long>> smallest =
        maxTimeoutMsByBroker.entrySet().stream().min(Map.Entry.comparingByValue());
    if (smallest.isEmpty() || sinkTimeout.toMillis() <= smallest.get().getValue()) {
      return Optional.empty();
    }
    long max = smallest.get().getValue();
    return Optional.of(
        "The order sink's transaction timeout ("
            + sinkTimeout.toMillis()
            + " ms) exceeds "
            + MAX_TIMEOUT_SETTING
            + " = "
            + max
            + " ms of broker "
            + smallest.get().getKey()
            + " at "
            + bootstrapServers
            + ": the broker would refuse the job's transactional producers and no order could"
            + " be committed. Set --transaction-timeout to at most "
            + max
            + " ms, or raise "
            + MAX_TIMEOUT_SETTING
            + " on every broker.");
  }

  /**
   * An open transaction of the order sink's prefix, as the broker describes it.
   *
   * @param openForMillis how long it has been open, or -1 when the broker does not say
   */
  record OpenTransaction(
      String transactionalId,
      TransactionState state,
      long openForMillis,
      long timeoutMillis,
      List<String> partitions) {

    @Override
    public String toString() {
      return transactionalId
          + " "
          + state
          + (openForMillis >= 0 ? ", open for " + openForMillis / 1000 + " s" : "")
          + ", timeout "
          + timeoutMillis / 1000
          + " s, writing "
          + String.join(", ", partitions);
    }
  }

  /** The problem when {@code open} holds a transaction of {@code prefix}, or nothing. */
  static Optional<String> prefixCollision(
      String jobName, String prefix, List<OpenTransaction> open) {
    if (open.isEmpty()) {
      return Optional.empty();
    }
    long longestTimeoutSeconds =
        open.stream().mapToLong(OpenTransaction::timeoutMillis).max().orElse(0) / 1000;
    String which = open.stream().limit(3).map(Object::toString).collect(Collectors.joining("; "));
    return Optional.of(
        "Another job is writing orders with transactional-id prefix '"
            + prefix
            + "' (job name '"
            + jobName
            + "'): "
            + open.size()
            + " transaction(s) open ("
            + which
            + (open.size() > 3 ? "; …" : "")
            + "). Starting this job would fence that job's producers and abort its uncommitted"
            + " orders. Give this job another name with --job-name, or stop the other job first;"
            + " if it is already gone, restore from its last checkpoint or savepoint (flink run"
            + " -s …), or wait until its transactions time out (at most "
            + longestTimeoutSeconds
            + " s after they started).");
  }

  /**
   * Whether {@code transactionalId} is one of the order sink's ids under {@code prefix}: Flink's
   * sink names them {@code <prefix>-<subtask>-<checkpoint>}, so the prefix of another job whose
   * name merely starts with this one's does not match.
   */
  static boolean belongsTo(String transactionalId, String prefix) {
    return Pattern.matches(Pattern.quote(prefix) + "-\\d+-\\d+", transactionalId);
  }

  private static Map<String, Long> maxTimeoutByBroker(Admin admin, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Collection<Node> brokers =
        admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<ConfigResource> resources =
        brokers.stream()
            .map(n -> new ConfigResource(ConfigResource.Type.BROKER, n.idString()))
            .toList();
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, Long> max = new TreeMap<>();
    configs.forEach(
        (broker, config) -> {
          ConfigEntry entry = config.get(MAX_TIMEOUT_SETTING);
          max.put(
              broker.name(),
              entry == null || entry.value() == null
                  ? BROKER_DEFAULT_MAX_TIMEOUT_MS
                  : Long.parseLong(entry.value()));
        });
    return max;
  }

  private static List<OpenTransaction> openTransactions(
      Admin admin, String prefix, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<String> ids =
        admin.listTransactions().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
            .filter(t -> OPEN.contains(t.state()))
            .map(TransactionListing::transactionalId)
            .filter(id -> belongsTo(id, prefix))
            .sorted()
            .toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, TransactionDescription> described =
        admin.describeTransactions(ids).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long now = System.currentTimeMillis();
    List<OpenTransaction> open = new ArrayList<>();
    new TreeMap<>(described)
        .forEach(
            (id, t) -> {
              if (OPEN.contains(t.state())) {
                open.add(
                    new OpenTransaction(
                        id,
                        t.state(),
                        t.transactionStartTimeMs().isPresent()
                            ? Math.max(0, now - t.transactionStartTimeMs().getAsLong())
                            : -1,
                        t.transactionTimeoutMs(),
                        t.topicPartitions().stream().map(Object::toString).sorted().toList()));
              }
            });
    return open;
  }
}
