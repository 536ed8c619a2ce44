package org.comicreid.catalog.entity;

import java.util.List;

/** Every entity class of the catalog, for bootstrapping Hibernate. */
public final class CatalogEntities {
  private CatalogEntities() {}

  /** All mapped classes, parents before children. */
  public static final List<Class<?>> ALL =
      List.of(
          Dataset.class,
          Series.class,
          Page.class,
          Panel.class,
          Detection.class,
          CharacterInstance.class,
          ComicSequence.class,
          SequencePanel.class,
          IdentityAnnotation.class,
          DataSplit.class,
          SplitMember.class,
          StageRun.class,
          StageUseEntity.class,
          TrackingRunEntity.class,
          TrackingParam.class,
          TrackingMetric.class,
          TrackingTag.class);
}
