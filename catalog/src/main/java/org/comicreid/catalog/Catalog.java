package org.comicreid.catalog;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import org.comicreid.catalog.entity.CatalogEntities;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.hibernate.HibernateException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open catalog: the schema migrated to the latest version (Flyway, {@code db/migration}) and a
 * Hibernate session factory that validates against it ({@code hbm2ddl.auto=validate}: the
 * migrations own the schema, Hibernate never changes it).
 *
 * <p>Open with {@link #open(CatalogSettings)}, for example {@code
 * Catalog.open(CatalogSettings.embedded(workDir))} for the embedded H2 file database, or {@code
 * Catalog.open(CatalogSettings.of("jdbc:postgresql://db:5432/reid", user, password))} when workers
 * run on several hosts. See {@link CatalogSettings} for when to use which.
 *
 * <p>All writes go through {@link #inTransaction} / {@link #fromTransaction}: the work commits as a
 * whole or not at all. A call made while the same thread is already inside a transaction of this
 * catalog joins it, so repository calls compose into one atomic unit; a failure in a joined call
 * marks the outer transaction rollback-only even if the caller catches the exception.
 *
 * <p>Thread-safe; one instance per process and database is enough. Close it when done.
 */
public final class Catalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final CatalogSettings settings;
  private final SessionFactory sessionFactory;
  private final ThreadLocal<Joined> current = new ThreadLocal<>();

  private Catalog(CatalogSettings settings, SessionFactory sessionFactory) {
    this.settings = settings;
    this.sessionFactory = sessionFactory;
  }

  /**
   * Checks that the database can be reached, migrates it and boots Hibernate.
   *
   * @throws ReidInputException when the database cannot be reached or refuses the login (the
   *     message names the URL, without password)
   * @throws ReidRunException when the migration or the schema validation fails
   */
  public static Catalog open(CatalogSettings settings) {
    probe(settings);
    migrate(settings);
    SessionFactory factory;
    try {
      factory = configuration(settings).buildSessionFactory();
    } catch (HibernateException e) {
      throw new ReidRunException(
          "catalog schema of " + settings.redactedUrl() + " does not match the entities: "
              + oneLine(e), e);
    }
    LOG.info("catalog open: {}", settings.redactedUrl());
    return new Catalog(settings, factory);
  }

  private static void probe(CatalogSettings settings) {
    Properties props = new Properties();
    props.setProperty("user", settings.user());
    props.setProperty("password", settings.password());
    if (!settings.isH2()) {
      props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
      props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    }
    Driver driver;
    try {
      driver = DriverManager.getDriver(settings.jdbcUrl());
    } catch (SQLException e) {
      throw new ReidInputException(
          "catalog URL '" + settings.redactedUrl() + "' is not a valid JDBC URL: " + oneLine(e), e);
    }
    try (Connection c = driver.connect(settings.jdbcUrl(), props)) {
      if (c == null) {
        throw new ReidInputException(
            "catalog URL '" + settings.redactedUrl() + "' is not accepted by its JDBC driver");
      }
    } catch (SQLException e) {
      throw new ReidInputException(
          "cannot open catalog database "
              + settings.redactedUrl()
              + " as user '"
              + settings.user()
              + "': "
              + oneLine(e),
          e);
    }
  }

  private static void migrate(CatalogSettings settings) {
    try {
      Flyway.configure(Catalog.class.getClassLoader())
          .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new ReidRunException(
          "catalog migration of " + settings.redactedUrl() + " failed: " + oneLine(e), e);
    }
  }

  private static Configuration configuration(CatalogSettings settings) {
    Configuration cfg = new Configuration();
    for (Class<?> entity : CatalogEntities.ALL) {
      cfg.addAnnotatedClass(entity);
    }
    cfg.setProperty("jakarta.persistence.jdbc.url", settings.jdbcUrl());
    cfg.setProperty("jakarta.persistence.jdbc.user", settings.user());
    cfg.setProperty("jakarta.persistence.jdbc.password", settings.password());
    cfg.setProperty("hibernate.connection.pool_size", "8");
    cfg.setProperty("hibernate.hbm2ddl.auto", "validate");
    cfg.setProperty("hibernate.jdbc.batch_size", Integer.toString(settings.batchSize()));
    cfg.setProperty("hibernate.order_inserts", "true");
    cfg.setProperty("hibernate.order_updates", "true");
    cfg.setProperty("hibernate.jdbc.batch_versioned_data", "true");
    cfg.setProperty("hibernate.show_sql", "false");
    return cfg;
  }

  /** The settings this catalog was opened with. */
  public CatalogSettings settings() {
    return settings;
  }

  /** Batch size for bulk inserts (flush and clear interval). */
  public int batchSize() {
    return settings.batchSize();
  }

  /** Runs {@code work} in a transaction (or joins the current one) and commits, or rolls back. */
  public void inTransaction(Consumer<Session> work) {
    fromTransaction(
        session -> {
          work.accept(session);
          return null;
        });
  }

  /**
   * Runs {@code work} in a transaction and returns its result. If the thread is already inside a
   * transaction of this catalog, the work joins it; otherwise a new session and transaction are
   * opened, committed when the work returns and rolled back when it throws.
   */
  public <R> R fromTransaction(Function<Session, R> work) {
    Joined joined = current.get();
    if (joined != null) {
      try {
        return work.apply(joined.session);
      } catch (RuntimeException | Error e) {
        joined.session.getTransaction().markRollbackOnly();
        if (joined.firstFailure == null) {
          joined.firstFailure = e;
        }
        throw e;
      }
    }
    Session session = sessionFactory.openSession();
    Joined state = new Joined(session);
    current.set(state);
    Transaction tx = null;
    try {
      tx = session.beginTransaction();
      R result = work.apply(session);
      if (tx.getRollbackOnly()) {
        tx.rollback();
        throw new ReidRunException(
            "catalog transaction rolled back: a nested catalog call failed: "
                + (state.firstFailure == null ? "(unknown)" : oneLine(state.firstFailure)),
            state.firstFailure);
      }
      tx.commit();
      return result;
    } catch (RuntimeException | Error e) {
      if (tx != null && tx.isActive()) {
        try {
          tx.rollback();
        } catch (RuntimeException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
      }
      throw e;
    } finally {
      current.remove();
      session.close();
    }
  }

  /** The session of the thread's open transaction and the first failure of a joined call. */
  private static final class Joined {
    final Session session;
    Throwable firstFailure;

    Joined(Session session) {
      this.session = session;
    }
  }

  /** True while the calling thread is inside a transaction of this catalog. */
  public boolean isInTransaction() {
    return current.get() != null;
  }

  /** Hibernate statistics (disabled until {@code statistics().setStatisticsEnabled(true)}). */
  public Statistics statistics() {
    return sessionFactory.getStatistics();
  }

  /** The underlying session factory, for queries the repositories do not offer. */
  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  @Override
  public void close() {
    if (sessionFactory.isOpen()) {
      sessionFactory.close();
      LOG.info("catalog closed: {}", settings.redactedUrl());
    }
  }

  static String oneLine(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  @Override
  public String toString() {
    return "Catalog[" + settings.redactedUrl() + "]";
  }
}
