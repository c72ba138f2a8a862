package io.tradingcore.local;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Checks that a Kafka cluster answers and creates the topics Trading Core uses. */
public final class KafkaSetup {
  /** Market data is keyed by symbol and spread; control-plane topics keep a single order. */
  public static final int MARKET_DATA_PARTITIONS = 3;

  private KafkaSetup() {}

  /**
   * Waits up to {@code deadline} for the cluster to answer.
   *
   * @throws IllegalStateException naming the servers when it does not
   */
  public static void awaitReachable(String bootstrapServers, Duration deadline) {
    try (Admin admin = Admin.create(KafkaClients.admin(bootstrapServers, deadline))) {
      admin.describeCluster().clusterId().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          unreachable(bootstrapServers, deadline) + " (" + rootMessage(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reaching Kafka", e);
    }
  }

  /** Creates every topic that does not exist yet; returns the names it created. */
  public static List<String> createTopics(String bootstrapServers, Duration deadline) {
    try (Admin admin = Admin.create(KafkaClients.admin(bootstrapServers, deadline))) {
      Set<String> existing =
          admin.listTopics().names().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic topic : Topic.values()) {
        if (!existing.contains(topic.topicName())) {
          missing.add(newTopic(topic));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          "Could not create topics on Kafka at " + bootstrapServers + ": " + rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  /**
   * Creates {@code topic} as {@link #createTopics} would unless it exists; returns whether it
   * created it. For a command line that publishes to one topic on a Kafka nobody set up.
   *
   * @throws IllegalStateException naming the servers when Kafka does not answer within {@code
   *     deadline} or refuses
   */
  public static boolean ensureTopic(String bootstrapServers, Topic topic, Duration deadline) {
    long millis = deadline.toMillis();
    try (Admin admin = Admin.create(KafkaClients.admin(bootstrapServers, deadline))) {
      if (admin
          .listTopics()
          .names()
          .get(millis, TimeUnit.MILLISECONDS)
          .contains(topic.topicName())) {
        return false;
      }
      admin.createTopics(List.of(newTopic(topic))).all().get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new IllegalStateException(unreachable(bootstrapServers, deadline), e);
      }
      throw new IllegalStateException(
          "Could not create "
              + topic.topicName()
              + " on Kafka at "
              + bootstrapServers
              + ": "
              + rootMessage(e),
          e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(unreachable(bootstrapServers, deadline), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + topic.topicName(), e);
    }
  }

  /** How every topic is created: partitions by its role, the models topic's larger records. */
  private static NewTopic newTopic(Topic topic) {
    int partitions = topic == Topic.BARS || topic == Topic.TICKS ? MARKET_DATA_PARTITIONS : 1;
    NewTopic created = new NewTopic(topic.topicName(), partitions, (short) 1);
    if (topic == Topic.MODELS) {
      // Releases carry the ONNX model inline.
      created.configs(
          java.util.Map.of(
              "max.message.bytes",
              String.valueOf(io.tradingcore.jobs.PublishModelMain.MAX_MESSAGE_BYTES)));
    }
    return created;
  }

  private static String unreachable(String bootstrapServers, Duration deadline) {
    return "Kafka at "
        + bootstrapServers
        + " is unreachable: no answer within "
        + deadline.toSeconds()
        + " s";
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
