package org.comicreid.catalog.repository;

import java.util.List;
import java.util.Map;
import org.comicreid.catalog.Catalog;
import org.comicreid.catalog.entity.Page;
import org.comicreid.catalog.entity.Series;

/** Pages of a series. */
public class PageRepository extends AbstractRepository<Page> {

  public PageRepository(Catalog catalog) {
    super(catalog, Page.class);
  }

  /** The series' pages, by external id. */
  public List<Page> findBySeries(Series series) {
    return list("findBySeries", Map.of("seriesId", series.getId()));
  }
}
