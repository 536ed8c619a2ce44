package org.comicreid.catalog.repository;

import java.util.List;
import org.comicreid.catalog.entity.CharacterInstance;
import org.comicreid.catalog.entity.ComicSequence;
import org.comicreid.catalog.entity.IdentityAnnotation;
import org.comicreid.catalog.entity.Panel;

/**
 * A sequence with everything a pipeline needs from it, all loaded (safe to use detached).
 *
 * @param panels the sequence's panels in order
 * @param instances the character instances on those panels, in panel order then external id
 * @param annotations the sequence's identity annotations (a subset of {@code instances} is
 *     labelled; unlabelled instances have none)
 */
public record AnnotatedSequence(
    ComicSequence sequence,
    List<Panel> panels,
    List<CharacterInstance> instances,
    List<IdentityAnnotation> annotations) {

  public AnnotatedSequence {
    panels = List.copyOf(panels);
    instances = List.copyOf(instances);
    annotations = List.copyOf(annotations);
  }
}
