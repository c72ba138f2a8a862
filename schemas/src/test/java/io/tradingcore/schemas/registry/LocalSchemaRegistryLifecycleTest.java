package io.tradingcore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting, addressing and stopping the registry. */
class LocalSchemaRegistryLifecycleTest {

  @Test
  void startsOnAnEphemeralPortAndReportsItsUrl() {
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(0)) {
      assertThat(registry.port()).isPositive();
      assertThat(registry.url()).isEqualTo("http://localhost:" + registry.port());
      assertThat(new RegistryHttp(registry.url()).get("/subjects").status()).isEqualTo(200);
    }
  }

  @Test
  void reportsTheBoundHostInItsUrl() {
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start("127.0.0.1", 0)) {
      assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port());
      assertThat(new RegistryHttp(registry.url()).get("/config").status()).isEqualTo(200);
    }
  }

  @Test
  void refusesABusyPortWithAClearMessage() {
    try (LocalSchemaRegistry first = LocalSchemaRegistry.start("127.0.0.1", 0)) {
      int busy = first.port();

      assertThatThrownBy(() -> LocalSchemaRegistry.start("127.0.0.1", busy))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Schema registry port " + busy + " is already in use")
          .hasCauseInstanceOf(BindException.class);
    }
  }

  @Test
  void stopsServingPromptlyOnClose() {
    LocalSchemaRegistry registry = LocalSchemaRegistry.start("127.0.0.1", 0);
    RegistryHttp http = new RegistryHttp(registry.url());
    http.get("/subjects");

    long started = System.nanoTime();
    registry.close();
    Duration closing = Duration.ofNanos(System.nanoTime() - started);

    assertThat(closing).isLessThan(Duration.ofSeconds(2));
    assertThatThrownBy(() -> http.get("/subjects"))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void keepsStateApartBetweenInstances() {
    try (LocalSchemaRegistry one = LocalSchemaRegistry.start("127.0.0.1", 0);
        LocalSchemaRegistry other = LocalSchemaRegistry.start("127.0.0.1", 0)) {
      new RegistryHttp(one.url())
          .post("/subjects/only-here/versions", RegistryHttp.schemaBody(TestSchemas.V1));

      assertThat(new RegistryHttp(other.url()).get("/subjects").body()).isEmpty();
    }
  }
}
