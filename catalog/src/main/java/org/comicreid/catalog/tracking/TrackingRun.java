package org.comicreid.catalog.tracking;

import java.time.Instant;
import org.comicreid.catalog.entity.TrackingStatus;

/**
 * A local tracking run as the {@link TrackingStore} returns it.
 *
 * @param key the idempotency key it was created with, or null
 * @param endTime null while running
 */
public record TrackingRun(
    String runId,
    String key,
    String experiment,
    String name,
    String parentRunId,
    TrackingStatus status,
    Instant startTime,
    Instant endTime) {}
