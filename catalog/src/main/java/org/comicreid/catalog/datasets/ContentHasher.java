package org.comicreid.catalog.datasets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of an import: a hash of a <i>multiset</i> of canonical records, so that it
 * can be computed while streaming and does not depend on the order of the rows. Each record (one
 * line of text naming everything about one imported row) is hashed with sha256; the 256-bit
 * digests are added modulo 2^256; the content hash is the sha256 of a header (version, format,
 * identity scope), the record count and that sum.
 */
final class ContentHasher {

  /** Bump when the canonical records change, so old and new hashes never meet. */
  static final String VERSION = "comic-reid-dataset-v1";

  private final MessageDigest md = sha256();
  private final long[] sum = new long[4]; // little-endian 64-bit limbs
  private long count;

  /** Adds one canonical record; its fields are joined with tabs. */
  void add(String... fields) {
    add(String.join("\t", fields));
  }

  /** Adds one canonical record. */
  void add(String record) {
    byte[] d = md.digest(record.getBytes(StandardCharsets.UTF_8));
    long carry = 0;
    for (int limb = 0; limb < 4; limb++) {
      long v = ByteBuffer.wrap(d).getLong(8 * (3 - limb)); // big-endian digest
      long s = sum[limb] + v;
      long c1 = Long.compareUnsigned(s, sum[limb]) < 0 ? 1 : 0;
      long s2 = s + carry;
      long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
      sum[limb] = s2;
      carry = c1 | c2;
    }
    count++;
  }

  /** Number of records added. */
  long count() {
    return count;
  }

  /** The content hash of the records added so far (lower-case hex sha256). */
  String hash(String format, String identityScope) {
    StringBuilder sb = new StringBuilder();
    sb.append(VERSION).append('\n').append(format).append('\n').append(identityScope).append('\n')
        .append(count).append('\n');
    for (int limb = 3; limb >= 0; limb--) {
      sb.append(String.format("%016x", sum[limb]));
    }
    return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** A number as canonical records and exported files write it: integers without a decimal. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
