package org.comicreid.core.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The stage key: the identity of one stage execution's result, under which the catalog ledger
 * records it. Pure and deterministic (no clock, no randomness, no I/O), so workflow code may call
 * it.
 *
 * <p>The key is the sha256 (lower-case hex) over the experiment, the stage's config key, the hash
 * of the stage's resolved config slice, the keys of the stage's inputs (the upstream stage keys, in
 * {@link StageGraph#inputsOf} order), the dataset (its name and its content hash) and the version
 * of the stage's code. Each part is length-prefixed, so no two different part lists give the same
 * byte string. A change to any part changes this stage's key and, through the input keys, the key
 * of every stage downstream of it, and of no other stage.
 */
public final class StageKeys {

  private StageKeys() {}

  /** The stage key of {@code stage} with no dataset content hash and no code version. */
  public static String of(
      String experiment,
      Stage stage,
      String stageConfigHash,
      List<String> inputKeys,
      String datasetKey) {
    return of(experiment, stage, stageConfigHash, inputKeys, datasetKey, "", "");
  }

  /**
   * The stage key of {@code stage}; see the class comment for what it covers.
   *
   * @param datasetHash the dataset's content hash ({@code ""} when unknown)
   * @param codeVersion the version of the stage's code ({@code ""} when unknown)
   */
  public static String of(
      String experiment,
      Stage stage,
      String stageConfigHash,
      List<String> inputKeys,
      String datasetKey,
      String datasetHash,
      String codeVersion) {
    Objects.requireNonNull(datasetHash, "datasetHash");
    Objects.requireNonNull(codeVersion, "codeVersion");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(stageConfigHash, "stageConfigHash");
    Objects.requireNonNull(inputKeys, "inputKeys");
    Objects.requireNonNull(datasetKey, "datasetKey");
    MessageDigest sha = sha256();
    update(sha, "comic-reid/stage-key/v2");
    update(sha, experiment);
    update(sha, stage.key());
    update(sha, stageConfigHash);
    update(sha, Integer.toString(inputKeys.size()));
    for (String k : inputKeys) {
      update(sha, Objects.requireNonNull(k, "input key"));
    }
    update(sha, datasetKey);
    update(sha, datasetHash);
    update(sha, codeVersion);
    return HexFormat.of().formatHex(sha.digest());
  }

  /** sha256 (lower-case hex) of a UTF-8 string; a helper for config and slice hashes. */
  public static String sha256Hex(String text) {
    return org.comicreid.core.provenance.ContentHash.sha256(text);
  }

  private static void update(MessageDigest sha, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
