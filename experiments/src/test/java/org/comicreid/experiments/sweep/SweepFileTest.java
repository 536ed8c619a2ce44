package org.comicreid.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.comicreid.core.ReidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFileTest {

  @TempDir Path tmp;
  Path file;

  @BeforeEach
  void base() throws IOException {
    Files.writeString(tmp.resolve("base.yaml"), "experiment:\n  name: x\n");
    file = tmp.resolve("s.yaml");
  }

  private SweepPlan parse(String text) {
    return SweepFile.parse(file, text);
  }

  private String error(String text) {
    return assertThrows(ReidInputException.class, () -> parse(text)).getMessage();
  }

  @Test
  void membersAreCrossedWithTheGridInOrderAndSeedsRepeatThem() {
    SweepPlan p = parse(String.join("\n",
        "sweep: t5", "base: base.yaml", "set: {finetune.patience: 2}",
        "members:",
        "  - name: triplet", "    set: {finetune.loss: triplet}",
        "  - name: ms", "    set:", "      finetune:", "        loss: multi_similarity",
        "grid:", "  finetune.mix_series: [false, true]", "  finetune.out_dim: [64, 128]",
        "seeds: 2", "concurrency: 3", "columns: [default, table3]"));
    assertEquals("t5", p.name());
    assertEquals(tmp.resolve("base.yaml"), p.base());
    assertEquals(8, p.members().size());
    assertEquals("triplet mix_series=false out_dim=64", p.members().get(0).name());
    assertEquals("triplet mix_series=false out_dim=128", p.members().get(1).name());
    assertEquals("ms mix_series=true out_dim=128", p.members().get(7).name());
    assertEquals(Map.of("finetune.loss", "multi_similarity", "finetune.mix_series", "true",
        "finetune.out_dim", "128"), p.members().get(7).overrides());
    assertEquals(16, p.runs().size());
    assertEquals(3, p.concurrency());
    SweepPlan.Run second = p.runs().get(1);
    assertEquals(1, second.seed());
    assertEquals(List.of("finetune.patience=2", "finetune.loss=triplet",
        "finetune.mix_series=false", "finetune.out_dim=64", "experiment.seed=43"),
        p.overridesOf(second, 42));
    assertEquals(List.of("default", "table3"), p.columns());
  }

  @Test
  void aGridAloneNamesMembersByItsValuesAndDefaultsApply() {
    SweepPlan p = parse("sweep: t9\nbase: base.yaml\ngrid:\n  finetune.out_dim: [64, 256]\n");
    assertEquals(List.of("out_dim=64", "out_dim=256"),
        p.members().stream().map(SweepPlan.Member::name).toList());
    assertEquals(1, p.seeds());
    assertEquals(SweepFile.DEFAULT_CONCURRENCY, p.concurrency());
    assertEquals(List.of("default"), p.columns());
    assertEquals("base", parse("sweep: one\nbase: base.yaml\n").members().get(0).name());
  }

  @Test
  void problemsNameTheFileAndLine() {
    assertEquals(file + ":3: unknown key 'sets'; expected one of base, columns, concurrency,"
        + " description, grid, members, seeds, set, sweep",
        error("sweep: a\nbase: base.yaml\nsets: {}\n"));
    assertTrue(error("sweep: a\n").startsWith(file + ":1: missing key 'base'"));
    assertTrue(error("sweep: a\nbase: nope.yaml\n").contains(":2: base config 'nope.yaml'"));
    assertTrue(error("sweep: a b\nbase: base.yaml\n").contains(":1: sweep name 'a b'"));
    assertTrue(error("sweep: a\nbase: base.yaml\nseeds: 0\n")
        .contains(":3: seeds: expected a whole number of at least 1, got '0'"));
    assertTrue(error("sweep: a\nbase: base.yaml\nmembers:\n  - name: x\n  - name: x\n")
        .contains(":5: member name 'x' appears twice"));
    assertTrue(error("sweep: a\nbase: base.yaml\ngrid:\n  finetune.out_dim: [64, 64]\n")
        .contains(":4: grid 'finetune.out_dim': expected a non-empty list of distinct values"));
    assertTrue(error("sweep: a\nbase: base.yaml\ncolumns: [nonsense]\n").contains(":3: columns:"));
    assertTrue(error("sweep: a\nbase: base.yaml\nmembers:\n  - name: x\n    sett: {}\n")
        .contains(":5: unknown member key 'sett'"));
    assertTrue(error("sweep: [a\n").contains("not valid YAML"));
  }
}
