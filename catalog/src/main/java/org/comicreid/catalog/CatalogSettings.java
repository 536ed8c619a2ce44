package org.comicreid.catalog;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.comicreid.core.ReidInputException;

/**
 * Where the catalog lives and how it writes.
 *
 * <p>Two kinds of database are supported:
 *
 * <ul>
 *   <li><b>Embedded H2</b> ({@link #embedded(Path)}): a file database under {@code
 *       <workdir>/catalog/}, opened with H2's {@code AUTO_SERVER=TRUE}. The first process that
 *       opens it serves it over a local TCP port; other processes <i>on the same machine</i> (the
 *       submitter, separate workers) connect through that port automatically. This is the default
 *       for a laptop run. The serving process writes its address and a random key into the lock
 *       file next to the database; only processes that can read the work directory can connect,
 *       so keep it private. When the serving process closes, a remaining one takes over.
 *   <li><b>PostgreSQL</b> ({@code jdbc:postgresql://host:port/db}): required as soon as workers
 *       run on other hosts, since an H2 auto-server is only meant for one machine and a file
 *       database must not be shared over a network file system.
 * </ul>
 *
 * @param jdbcUrl JDBC URL of an H2 or PostgreSQL database
 * @param user database user (may be empty for embedded H2)
 * @param password database password (may be empty); never printed
 * @param batchSize JDBC batch size for inserts and updates, also the flush/clear interval of bulk
 *     inserts; at least 1 (1 disables batching)
 */
public record CatalogSettings(String jdbcUrl, String user, String password, int batchSize) {

  /** Batch size used when none is given. */
  public static final int DEFAULT_BATCH_SIZE = 50;

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password=)[^&;]*");

  public CatalogSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ReidInputException(
          "catalog URL '"
              + redact(jdbcUrl)
              + "' is not supported: expected jdbc:h2:... or jdbc:postgresql://host:port/database");
    }
    if (batchSize < 1) {
      throw new ReidInputException(
          "catalog batch size must be at least 1, got " + batchSize + " for " + redact(jdbcUrl));
    }
  }

  /** Settings for a database URL with the default batch size. */
  public static CatalogSettings of(String jdbcUrl, String user, String password) {
    return new CatalogSettings(jdbcUrl, user, password, DEFAULT_BATCH_SIZE);
  }

  /**
   * The embedded default: an H2 file database {@code <workdir>/catalog/reid} that several
   * processes on this machine can open at once (see {@link #embeddedUrl(Path)}).
   */
  public static CatalogSettings embedded(Path workDir) {
    return new CatalogSettings(embeddedUrl(workDir), "sa", "", DEFAULT_BATCH_SIZE);
  }

  /**
   * JDBC URL of the embedded H2 catalog under {@code <workdir>/catalog/}: PostgreSQL compatibility
   * mode with lower-case identifiers (so the same migrations and queries run on both), and {@code
   * AUTO_SERVER=TRUE} so that separate processes on the same machine share the file.
   */
  public static String embeddedUrl(Path workDir) {
    Objects.requireNonNull(workDir, "workDir");
    Path file = workDir.toAbsolutePath().normalize().resolve("catalog").resolve("reid");
    String path = file.toString().replace('\\', '/');
    return "jdbc:h2:file:"
        + path
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
  }

  /** True for an H2 URL. */
  public boolean isH2() {
    return jdbcUrl.startsWith("jdbc:h2:");
  }

  /** The same settings with another batch size. */
  public CatalogSettings withBatchSize(int newBatchSize) {
    return new CatalogSettings(jdbcUrl, user, password, newBatchSize);
  }

  /** The URL with any {@code password=} parameter masked, safe for messages and logs. */
  public String redactedUrl() {
    return redact(jdbcUrl);
  }

  static String redact(String url) {
    return PASSWORD_PARAM.matcher(url).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return "CatalogSettings[jdbcUrl="
        + redactedUrl()
        + ", user="
        + user
        + ", password=***, batchSize="
        + batchSize
        + "]";
  }
}
