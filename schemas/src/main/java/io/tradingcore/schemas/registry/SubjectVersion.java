package io.tradingcore.schemas.registry;

/** A place where a schema id is used: a version of a subject. */
record SubjectVersion(String subject, int version) {}
