package io.tradingcore.marketdata;

import io.tradingcore.schemas.avro.QuarantineReason;

/**
 * An input record refused by a check, kept whole with its reason, bound for {@code
 * md.quarantine.v1}.
 *
 * @param source topic or file the record came from
 * @param partition Kafka partition, or {@code null} for files and decoded records
 * @param offset Kafka offset or file line number, or {@code null} when unknown
 * @param key the record's key (usually the symbol), or {@code null}
 * @param payload the original bytes when the record could not be decoded, else the decoded record
 *     as UTF-8 JSON
 * @param detectedBy the component that refused it
 */
public record Quarantined(
    String source,
    Integer partition,
    Long offset,
    String key,
    byte[] payload,
    QuarantineReason reason,
    String detail,
    String detectedBy) {}
