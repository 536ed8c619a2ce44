package org.comicreid.catalog.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.CatalogSettings;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that hands out fresh catalog databases on H2 and on PostgreSQL and removes them
 * after the test class. Register it on a static field and parameterize tests over {@link
 * DatabaseKind}:
 *
 * <pre>{@code
 * @RegisterExtension static final TestDatabases DBS = new TestDatabases();
 *
 * @ParameterizedTest
 * @EnumSource(DatabaseKind.class)
 * void roundTrip(DatabaseKind kind) {
 *   Catalog catalog = DBS.freshCatalog(kind);  // empty, migrated, closed after the class
 *   ...
 * }
 * }</pre>
 *
 * <p>PostgreSQL comes from {@code REID_TEST_PG_URL}, {@code REID_TEST_PG_USER} and {@code
 * REID_TEST_PG_PASSWORD} (started by {@code .ci/services.sh}); the user needs CREATEDB. Each fresh
 * database is a new PostgreSQL database named {@code reid_t_<random>}, dropped afterwards. Without
 * these variables, or with the server unreachable, PostgreSQL tests are <b>skipped</b> with the
 * reason, except under {@code CI=true}, where they <b>fail</b>.
 *
 * <p>H2 databases are embedded file databases (with {@code AUTO_SERVER=TRUE}, as in production)
 * in a temporary directory under {@code reid.test.workdir} (or {@code java.io.tmpdir}).
 */
public final class TestDatabases implements AfterAllCallback {

  /** Environment variable with the JDBC URL of the test PostgreSQL's admin database. */
  public static final String PG_URL_ENV = "REID_TEST_PG_URL";
  /** Environment variable with the test PostgreSQL user (needs CREATEDB). */
  public static final String PG_USER_ENV = "REID_TEST_PG_USER";
  /** Environment variable with the test PostgreSQL password. */
  public static final String PG_PASSWORD_ENV = "REID_TEST_PG_PASSWORD";

  private final int batchSize;
  private final Map<DatabaseKind, Catalog> shared = new EnumMap<>(DatabaseKind.class);
  private final Deque<Catalog> opened = new ArrayDeque<>();
  private final List<Path> h2Dirs = new ArrayList<>();
  private final List<String> pgDatabases = new ArrayList<>();

  /** Catalogs with the default batch size. */
  public TestDatabases() {
    this(CatalogSettings.DEFAULT_BATCH_SIZE);
  }

  /** Catalogs with the given JDBC batch size. */
  public TestDatabases(int batchSize) {
    this.batchSize = batchSize;
  }

  /** True when {@code CI=true}: a missing service is then a failure, not a skip. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Settings of a new, empty database of this kind (not migrated yet); removed after the class.
   * Skips (or, under CI, fails) the calling test when PostgreSQL is not available.
   */
  public synchronized CatalogSettings freshSettings(DatabaseKind kind) {
    return switch (kind) {
      case H2 -> freshH2();
      case POSTGRESQL -> freshPostgres();
    };
  }

  /** A new, empty, migrated catalog of this kind; closed and removed after the class. */
  public synchronized Catalog freshCatalog(DatabaseKind kind) {
    return track(Catalog.open(freshSettings(kind)));
  }

  /** A new catalog with other settings (e.g. another batch size) on a new database. */
  public synchronized Catalog freshCatalog(DatabaseKind kind, int catalogBatchSize) {
    return track(Catalog.open(freshSettings(kind).withBatchSize(catalogBatchSize)));
  }

  /**
   * One catalog of this kind shared by the whole test class (created on first use). Tests using it
   * must not assume it is empty: give datasets, keys and experiments unique names.
   */
  public synchronized Catalog catalog(DatabaseKind kind) {
    Catalog c = shared.get(kind);
    if (c == null) {
      c = freshCatalog(kind);
      shared.put(kind, c);
    }
    return c;
  }

  /** Registers a catalog the test opened itself, so it is closed after the class. */
  public synchronized Catalog track(Catalog catalog) {
    opened.push(catalog);
    return catalog;
  }

  /**
   * JDBC URL of database {@code database} on the test PostgreSQL server (which need not exist), for
   * tests of connection errors. Skips (or, under CI, fails) when the server is not configured.
   */
  public static String postgresUrl(String database) {
    return PgServer.fromEnvironment().urlFor(database);
  }

  private CatalogSettings freshH2() {
    try {
      Path root = Paths.get(System.getProperty("reid.test.workdir", System.getProperty("java.io.tmpdir")));
      Files.createDirectories(root);
      Path dir = Files.createTempDirectory(root, "catalog-h2-");
      h2Dirs.add(dir);
      return new CatalogSettings(CatalogSettings.embeddedUrl(dir), "sa", "", batchSize);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary H2 directory: " + e, e);
    }
  }

  private CatalogSettings freshPostgres() {
    PgServer pg = PgServer.fromEnvironment();
    String name = "reid_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = pg.connectAdmin();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      unavailable("cannot create PostgreSQL database " + name + " on " + pg.url + ": " + e.getMessage());
    }
    pgDatabases.add(name);
    return new CatalogSettings(pg.urlFor(name), pg.user, pg.password, batchSize);
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws Exception {
    closeAll();
  }

  /** Closes every catalog and removes every database this instance created. */
  public synchronized void closeAll() throws Exception {
    List<Exception> failures = new ArrayList<>();
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    shared.clear();
    if (!pgDatabases.isEmpty()) {
      PgServer pg = PgServer.fromEnvironment();
      try (Connection c = pg.connectAdmin();
          Statement st = c.createStatement()) {
        for (String db : pgDatabases) {
          dropWithRetry(st, db);
        }
      } catch (SQLException e) {
        failures.add(e);
      }
      pgDatabases.clear();
    }
    for (Path dir : h2Dirs) {
      deleteTree(dir);
    }
    h2Dirs.clear();
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Skips the test with {@code reason}, or fails it under CI. */
  static void unavailable(String reason) {
    unavailable(reason, underCi());
  }

  /** Skips the test with {@code reason}, or fails it when {@code ci}. */
  static void unavailable(String reason, boolean ci) {
    if (ci) {
      Assertions.fail("PostgreSQL is required under CI=true but " + reason);
    }
    Assumptions.abort("PostgreSQL test skipped: " + reason);
  }

  /** The test PostgreSQL server from the environment. */
  static final class PgServer {
    final String url;
    final String user;
    final String password;

    PgServer(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    static PgServer fromEnvironment() {
      String url = System.getenv(PG_URL_ENV);
      if (url == null || url.isBlank()) {
        unavailable(PG_URL_ENV + " is not set (eval \"$(.ci/services.sh)\" starts a test server)");
      }
      if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql://")) {
        Assertions.fail(PG_URL_ENV + " must be a jdbc:postgresql:// URL, got " + url);
      }
      String user = System.getenv().getOrDefault(PG_USER_ENV, "");
      String password = System.getenv().getOrDefault(PG_PASSWORD_ENV, "");
      return new PgServer(url, user, password);
    }

    Connection connectAdmin() throws SQLException {
      Properties p = new Properties();
      p.setProperty("user", user);
      p.setProperty("password", password);
      p.setProperty("connectTimeout", "5");
      try {
        return DriverManager.getConnection(url, p);
      } catch (SQLException e) {
        unavailable("cannot connect to " + url + " as " + user + ": " + e.getMessage());
        throw e;
      }
    }

    /** The admin URL with its database name replaced. */
    String urlFor(String database) {
      int hostStart = "jdbc:postgresql://".length();
      int slash = url.indexOf('/', hostStart);
      int query = url.indexOf('?', hostStart);
      String hostPart = url.substring(0, slash < 0 ? (query < 0 ? url.length() : query) : slash);
      String params = query < 0 ? "" : url.substring(query);
      return hostPart + "/" + database + params;
    }
  }

  /**
   * Drops a test database, terminating what is still connected. An autovacuum worker that happens
   * to be on the new database belongs to the superuser, so terminating it is refused ("must be a
   * member of the role whose process is being terminated"); it finishes within moments, so the
   * drop is retried for up to 10 s before the failure counts.
   */
  private static void dropWithRetry(Statement st, String db) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        return;
      } catch (SQLException e) {
        if (attempt >= 50 || !"42501".equals(e.getSQLState())) {
          throw e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
