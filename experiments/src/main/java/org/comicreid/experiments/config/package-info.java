/**
 * Configuration: every key declared once in {@link org.comicreid.experiments.config.ConfigKeys},
 * loaded in layers (built-in defaults, a YAML file, {@code --set key=value} overrides) by {@link
 * org.comicreid.experiments.config.ConfigLoader}, validated before anything runs and resolved into
 * the typed {@link org.comicreid.experiments.config.ReidConfig} records.
 */
package org.comicreid.experiments.config;
