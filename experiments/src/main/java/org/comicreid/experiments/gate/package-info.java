/**
 * Regression gates: compare a candidate run's metrics with a committed or tracked baseline and
 * decide, per metric, whether it stayed within its allowed drop ({@code reid gate}, for CI).
 */
package org.comicreid.experiments.gate;
