/**
 * A local, in-memory stand-in for Confluent Schema Registry that speaks its REST API, so the local
 * stack and tests need no Confluent server. Start one with {@link
 * io.tradingcore.schemas.registry.LocalSchemaRegistry#start(String, int)} or run {@link
 * io.tradingcore.schemas.registry.LocalSchemaRegistryMain}.
 */
package io.tradingcore.schemas.registry;
