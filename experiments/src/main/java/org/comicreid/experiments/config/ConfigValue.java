package org.comicreid.experiments.config;

/**
 * One resolved, validated value.
 *
 * @param key the declared key
 * @param value the typed value (see {@link ConfigKey#parse(String)})
 * @param text the canonical text of the value
 * @param origin where it came from
 */
public record ConfigValue(ConfigKey key, Object value, String text, Origin origin) {}
