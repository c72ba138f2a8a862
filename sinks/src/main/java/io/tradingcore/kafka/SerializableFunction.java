package io.tradingcore.kafka;

import java.io.Serializable;
import java.util.function.Function;

/** A {@link Function} Flink can ship inside a (de)serialization schema. */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
