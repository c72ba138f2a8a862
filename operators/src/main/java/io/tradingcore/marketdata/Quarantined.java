package io.tradingcore.marketdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.charset.StandardCharsets;

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
    String detectedBy) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A decoded bar refused by a check, kept as JSON so people can read what was wrong with it. */
  public static Quarantined ofBar(
      Bar bar, QuarantineReason reason, String detail, String detectedBy) {
    byte[] json;
    try {
      json = JSON.writeValueAsString(bar).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Bar always renders as JSON", e);
    }
    return new Quarantined(
        bar.source(), null, null, bar.symbol(), json, reason, detail, detectedBy);
  }

  /**
   * A decoded tick refused by a check, kept as JSON so people can read what was wrong with it.
   *
   * @param source the topic the tick came from
   */
  public static Quarantined ofTick(
      Tick tick, String source, QuarantineReason reason, String detail, String detectedBy) {
    byte[] json;
    try {
      json = JSON.writeValueAsString(tick).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Tick always renders as JSON", e);
    }
    return new Quarantined(source, null, null, tick.symbol(), json, reason, detail, detectedBy);
  }
}
