package io.tradingcore.schemas.registry;

/** One version of a subject: the global schema id it points at and the schema's canonical text. */
record RegisteredSchema(String subject, int version, int id, String schema) {}
