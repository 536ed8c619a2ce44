package org.comicreid.workflows.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * JSON form of stage output records as the ledger stores them. Pure (no I/O), so workflow code
 * uses it to turn a ledger hit back into the typed output. Keys are sorted so equal outputs give
 * equal JSON.
 */
public final class StageOutputCodec {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private StageOutputCodec() {}

  /** The JSON of an output record (or of a provenance map). */
  public static String write(Object output) {
    try {
      return MAPPER.writeValueAsString(output);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + output.getClass().getSimpleName(), e);
    }
  }

  /** Reads an output record of the given type. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "ledger output is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON object of a provenance map. */
  public static String writeProvenance(Map<String, String> provenance) {
    return write(provenance);
  }
}
