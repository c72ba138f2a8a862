package io.tradingcore.testing;

import io.tradingcore.local.LocalFlink;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real parts a job test runs on, once per test class: the embedded Kafka stack with the HTTP
 * registry ({@link KafkaTestStack}) and a Flink MiniCluster with its web UI ({@link LocalFlink}).
 *
 * <pre>{@code @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);}</pre>
 */
public final class JobCluster implements BeforeAllCallback, AfterAllCallback {
  private final int slots;
  private KafkaTestStack stack;
  private LocalFlink flink;

  private JobCluster(int slots) {
    this.slots = slots;
  }

  /** A cluster whose one TaskManager has {@code slots} task slots. */
  public static JobCluster withSlots(int slots) {
    return new JobCluster(slots);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stack = KafkaTestStack.start();
    flink = LocalFlink.start(0, slots);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (flink != null) {
        flink.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  public KafkaTestStack stack() {
    return stack;
  }

  public LocalFlink flink() {
    return flink;
  }
}
