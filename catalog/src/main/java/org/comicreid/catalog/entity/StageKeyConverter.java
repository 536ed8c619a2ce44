package org.comicreid.catalog.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.comicreid.core.pipeline.Stage;

/** Stores a {@link Stage} as its {@link Stage#key()} ({@code finetune}, not {@code FINE_TUNE}). */
@Converter
public class StageKeyConverter implements AttributeConverter<Stage, String> {

  @Override
  public String convertToDatabaseColumn(Stage stage) {
    return stage == null ? null : stage.key();
  }

  @Override
  public Stage convertToEntityAttribute(String key) {
    if (key == null) {
      return null;
    }
    return Stage.byKey(key)
        .orElseThrow(() -> new IllegalStateException("unknown stage key in catalog: " + key));
  }
}
