package io.tradingcore.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Forwards risk events from {@code risk.events.v1} to webhooks as chat messages: one {@link
 * WebhookChannel} per webhook, each on its own thread with its own consumer group, so one webhook's
 * outage or slowness never delays another's alerts. Delivery is at least once, in order per
 * partition of the topic; an alert that cannot be delivered goes to the {@link DeadLetterLog}
 * before its event counts as read.
 */
public final class AlertForwarder implements AutoCloseable {
  private final AlertsConfig config;
  private final DeadLetterLog deadLetters;
  private final Map<String, WebhookChannel> channels = new LinkedHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  public AlertForwarder(AlertsConfig config, List<Webhook> webhooks) {
    if (webhooks.isEmpty()) {
      throw new IllegalArgumentException("the alerts forwarder needs at least one webhook");
    }
    this.config = config;
    this.deadLetters = new DeadLetterLog(config.deadLetterFile());
    WebhookClient client = new WebhookClient(config.policy());
    for (Webhook webhook : webhooks) {
      if (channels.putIfAbsent(
              webhook.name(), new WebhookChannel(config, webhook, client, deadLetters))
          != null) {
        throw new IllegalArgumentException("two webhooks are named " + webhook.name());
      }
    }
  }

  /** Starts every channel's thread (daemon threads: they never keep a JVM alive). */
  public AlertForwarder start() {
    for (WebhookChannel channel : channels.values()) {
      Thread thread = new Thread(channel, "alerts-" + channel.webhook().name());
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  /** Whether every channel has its partitions and its start: events published now reach them. */
  public boolean isReady() {
    return channels.values().stream().allMatch(WebhookChannel::isReady);
  }

  /** The first channel failure (e.g. the dead-letter log cannot be written), if any. */
  public Throwable failure() {
    return channels.values().stream()
        .map(WebhookChannel::failure)
        .filter(f -> f != null)
        .findFirst()
        .orElse(null);
  }

  /** What the channel of the webhook named {@code name} did. */
  public AlertStats stats(String name) {
    WebhookChannel channel = channels.get(name);
    if (channel == null) {
      throw new IllegalArgumentException("no webhook named " + name);
    }
    return channel.stats();
  }

  /** One line for banners: the webhooks, the filter and the dead-letter file. */
  public String describe() {
    return channels.values().stream()
            .map(c -> c.webhook().toString())
            .collect(Collectors.joining(", "))
        + "; "
        + config.filter().describe()
        + "; dead letters to "
        + deadLetters.file();
  }

  /**
   * Per webhook, what its channel did, e.g. {@code ops: 3 delivered, 0 dead-lettered, …}, and why
   * it stopped if it failed.
   */
  public String summary() {
    return channels.values().stream()
        .map(
            c ->
                c.webhook().name()
                    + ": "
                    + c.stats()
                    + (c.failure() == null ? "" : " — stopped: " + c.failure()))
        .collect(Collectors.joining("; "));
  }

  /**
   * Stops every channel: an alert in flight is abandoned (not committed), so the next start sends
   * it again. Waits up to 10 s for the threads.
   */
  @Override
  public void close() {
    channels.values().forEach(WebhookChannel::stop);
    // A delivery may be pausing between attempts for up to a minute, or the registry wait for
    // 30 s: cut it short. The alert is not committed, so the next start sends it again.
    List<WebhookChannel> list = List.copyOf(channels.values());
    for (int i = 0; i < threads.size(); i++) {
      if (list.get(i).isWaiting()) {
        threads.get(i).interrupt();
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
