package io.tradingcore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderDeliveryTest {
  private static final KafkaEndpoints ENDPOINTS =
      new KafkaEndpoints("localhost:9092", RegistrySettings.of("http://localhost:1", false), "j");

  @Test
  void readsTheOptionSpellingInAnyCase() {
    assertThat(OrderDelivery.parse("exactly-once")).isEqualTo(OrderDelivery.EXACTLY_ONCE);
    assertThat(OrderDelivery.parse(" Idempotent ")).isEqualTo(OrderDelivery.IDEMPOTENT);
    assertThat(OrderDelivery.IDEMPOTENT.optionValue()).isEqualTo("idempotent");
  }

  @Test
  void aTypoNamesTheChoices() {
    assertThatThrownBy(() -> OrderDelivery.parse("exactly_once"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order delivery must be one of exactly-once, idempotent, got 'exactly_once'");
  }

  @Test
  void ordersAreExactlyOnceUnlessSaidOtherwise() {
    assertThat(ENDPOINTS.orderDelivery()).isEqualTo(OrderDelivery.EXACTLY_ONCE);
    KafkaEndpoints fast = ENDPOINTS.startingFrom(5).withOrderDelivery(OrderDelivery.IDEMPOTENT);
    assertThat(fast.orderDelivery()).isEqualTo(OrderDelivery.IDEMPOTENT);
    assertThat(fast.startFromMillis()).isEqualTo(5L);
    assertThat(fast.boundedToLatest().orderDelivery()).isEqualTo(OrderDelivery.IDEMPOTENT);
    assertThat(fast.jobName()).isEqualTo("j");
  }

  @Test
  void bothModesBuildASink() {
    assertThat(ENDPOINTS.orders()).isNotNull();
    assertThat(ENDPOINTS.withOrderDelivery(OrderDelivery.IDEMPOTENT).orders()).isNotNull();
  }

  @Test
  void aMissingModeIsRefused() {
    assertThatThrownBy(() -> ENDPOINTS.withOrderDelivery(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order delivery is required");
  }
}
