package io.tradingcore.schemas.registry;

/** Versions of one record, named for how they evolve. */
final class TestSchemas {

  /** The first version: a single int field. */
  static final String V1 =
      """
      {"type":"record","name":"Trade","namespace":"test","fields":[
        {"name":"price","type":"int"}]}""";

  /** Adds a field with a default: readable by V1 data, so BACKWARD compatible with V1. */
  static final String V2_WITH_DEFAULT =
      """
      {"type":"record","name":"Trade","namespace":"test","fields":[
        {"name":"price","type":"int"},
        {"name":"venue","type":"string","default":"XNAS"}]}""";

  /** Adds a field without a default: cannot read V1 data, so not BACKWARD compatible. */
  static final String V2_WITHOUT_DEFAULT =
      """
      {"type":"record","name":"Trade","namespace":"test","fields":[
        {"name":"price","type":"int"},
        {"name":"venue","type":"string"}]}""";

  /** Another record altogether, for lookups that must miss. */
  static final String OTHER =
      """
      {"type":"record","name":"Quote","namespace":"test","fields":[
        {"name":"bid","type":"double"}]}""";

  private TestSchemas() {}
}
