package io.tradingcore.jobs;

import io.tradingcore.kafka.OrderDelivery;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --order-delivery exactly-once|idempotent}, for every command that starts the job. */
public final class OrderDeliveryOption {

  @Option(
      names = "--order-delivery",
      defaultValue = "exactly-once",
      converter = Converter.class,
      description =
          "exactly-once: orders.v1 written in one transaction per checkpoint, visible when it"
              + " completes; idempotent: each order sent at once (milliseconds), a repeat after a"
              + " failure dropped by the bridge (default: ${DEFAULT-VALUE}).")
  OrderDelivery orderDelivery;

  public OrderDelivery orderDelivery() {
    return orderDelivery;
  }

  /** Reads the option's value with {@link OrderDelivery#parse}'s message on a typo. */
  public static final class Converter implements ITypeConverter<OrderDelivery> {
    @Override
    public OrderDelivery convert(String value) {
      try {
        return OrderDelivery.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
