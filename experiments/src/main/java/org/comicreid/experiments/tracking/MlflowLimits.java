package org.comicreid.experiments.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.comicreid.core.provenance.ContentHash;

/**
 * MLflow 2.17's request limits ({@code mlflow/utils/validation.py}) and the splitting that keeps
 * every request inside them.
 */
public final class MlflowLimits {
  /** Metrics in one log-batch request. */
  public static final int MAX_METRICS_PER_BATCH = 1000;
  /** Params, and separately tags, in one log-batch request. */
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  /** Length of a param value. */
  public static final int MAX_PARAM_VAL_LENGTH = 6000;
  /** Length of a tag value. */
  public static final int MAX_TAG_VAL_LENGTH = 8000;
  /** Length of a param, metric or tag key. */
  public static final int MAX_ENTITY_KEY_LENGTH = 250;

  private MlflowLimits() {}

  /** Splits a list into consecutive chunks of at most {@code size}. */
  public static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }

  /**
   * Params that fit MLflow: a key longer than 250 is cut and given a hash suffix; a value longer
   * than 6000 is split into {@code key}, {@code key.part2}, {@code key.part3}... in order.
   */
  public static Map<String, String> fitParams(Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      String value = v == null ? "" : v;
      int part = 1;
      int start = 0;
      do {
        int end = Math.min(value.length(), start + MAX_PARAM_VAL_LENGTH);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
          end--;
        }
        out.put(fitKey(part == 1 ? k : k + ".part" + part), value.substring(start, end));
        start = end;
        part++;
      } while (start < value.length());
    });
    return out;
  }

  /** Tags that fit MLflow: long keys cut as for params, long values cut to 8000 characters. */
  public static Map<String, String> fitTags(Map<String, String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> {
      String value = v == null ? "" : v;
      out.put(fitKey(k), value.length() <= MAX_TAG_VAL_LENGTH ? value : value.substring(0, MAX_TAG_VAL_LENGTH));
    });
    return out;
  }

  /** A key of at most 250 characters; a longer one keeps its start and gets a hash of the whole. */
  public static String fitKey(String key) {
    if (key.length() <= MAX_ENTITY_KEY_LENGTH) {
      return key;
    }
    String h = ContentHash.sha256(key).substring(0, 12);
    return key.substring(0, MAX_ENTITY_KEY_LENGTH - 13) + "-" + h;
  }
}
