package org.comicreid.catalog.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.comicreid.catalog.Catalog;
import org.hibernate.Session;
import org.hibernate.query.Query;

/**
 * Base of the catalog's thin repositories. Named queries are keyed by entity name ({@code
 * Dataset.findByName}); every method runs in {@link Catalog#fromTransaction}, so it joins the
 * caller's transaction when there is one and commits on its own otherwise.
 *
 * <p>Entities returned outside a transaction are detached: only the associations that the query
 * fetched (documented per method) can be navigated.
 *
 * @param <E> the entity type
 */
public abstract class AbstractRepository<E> {

  /** The catalog this repository reads and writes. */
  protected final Catalog catalog;

  private final Class<E> entityClass;
  private final String entityName;

  protected AbstractRepository(Catalog catalog, Class<E> entityClass) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.entityClass = entityClass;
    this.entityName = catalog.sessionFactory().getMetamodel().entity(entityClass).getName();
  }

  /** The entity with this id, if any. */
  public Optional<E> findById(long id) {
    return catalog.fromTransaction(s -> Optional.ofNullable(s.find(entityClass, id)));
  }

  /** Persists one entity and returns it with its id. */
  public E insert(E entity) {
    return catalog.fromTransaction(
        s -> {
          s.persist(entity);
          return entity;
        });
  }

  /**
   * Persists all entities in JDBC batches: the session is flushed and cleared every {@link
   * Catalog#batchSize()} entities, so memory stays flat for large imports. All or nothing: a
   * failure rolls back every row of the call (and of the caller's transaction, if it joined one).
   * Clearing detaches entities the caller loaded earlier in a joined transaction.
   *
   * @return the entities, in the given order, with their ids set
   */
  public List<E> insertAll(Collection<? extends E> entities) {
    List<E> result = new ArrayList<>(entities);
    if (result.isEmpty()) {
      return result;
    }
    int batch = catalog.batchSize();
    catalog.inTransaction(
        s -> {
          int n = 0;
          for (E e : result) {
            s.persist(e);
            if (++n % batch == 0) {
              s.flush();
              s.clear();
            }
          }
          s.flush();
          s.clear();
        });
    return result;
  }

  /** Number of rows of this entity. */
  public long count() {
    return catalog.fromTransaction(
        s ->
            s.createSelectionQuery("select count(e) from " + entityName + " e", Long.class)
                .getSingleResult());
  }

  /** Name of the named query {@code <EntityName>.<suffix>}. */
  protected String queryName(String suffix) {
    return entityName + "." + suffix;
  }

  /** Results of this entity's named query {@code suffix} with the given parameters. */
  protected List<E> list(String suffix, Map<String, ?> params) {
    return catalog.fromTransaction(s -> query(s, suffix, entityClass, params).getResultList());
  }

  /** The single result of a named query, if any. */
  protected Optional<E> unique(String suffix, Map<String, ?> params) {
    return catalog.fromTransaction(
        s -> Optional.ofNullable(query(s, suffix, entityClass, params).uniqueResult()));
  }

  /** A named query of this entity returning {@code type}, with parameters bound. */
  protected <T> Query<T> query(
      Session session, String suffix, Class<T> type, Map<String, ?> params) {
    Query<T> q = session.createNamedQuery(queryName(suffix), type);
    params.forEach(q::setParameter);
    return q;
  }
}
