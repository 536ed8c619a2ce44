package org.comicreid.experiments.tracking;

import java.util.function.Supplier;
import org.comicreid.catalog.CatalogSettings;
import org.comicreid.catalog.tracking.TrackingStore;
import org.comicreid.core.ReidInputException;
import org.comicreid.experiments.config.ReidConfig;

/** Chooses and builds the tracker the config asks for ({@code tracking.*}). */
public final class TrackerFactory {

  private TrackerFactory() {}

  /**
   * The tracker for {@code config}: MLflow when {@code tracking.backend} resolves to mlflow
   * (explicitly, or {@code auto} with a URI from {@code tracking.mlflow.uri} or {@code
   * MLFLOW_TRACKING_URI}), else the local tracker on the catalog's store.
   *
   * @param localStore opens the catalog's tracking store; only called for the local backend
   */
  public static Tracker create(ReidConfig config, Supplier<TrackingStore> localStore) {
    ReidConfig.Tracking t = config.tracking();
    if (t.backend() == ReidConfig.Backend.MLFLOW) {
      if (t.mlflowUri().isEmpty()) {
        throw new ReidInputException("tracking.backend is mlflow but no tracking URI is set:"
            + " expected tracking.mlflow.uri or the MLFLOW_TRACKING_URI environment variable");
      }
      return new MlflowTracker(t.mlflowUri(), t.bufferDir());
    }
    return new LocalTracker(localStore.get(), config.paths().artifacts());
  }

  /** The catalog settings of {@code catalog.*}: the embedded H2 file database when no URL is set. */
  public static CatalogSettings catalogSettings(ReidConfig config) {
    ReidConfig.Catalog c = config.catalog();
    if (c.embedded()) {
      return CatalogSettings.embedded(config.paths().workdir()).withBatchSize(c.batchSize());
    }
    return new CatalogSettings(c.url(), c.user(), c.password(), c.batchSize());
  }
}
