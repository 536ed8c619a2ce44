package org.comicreid.worker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.comicreid.core.ReidRunException;
import org.comicreid.core.metrics.Embeddings;
import org.comicreid.core.metrics.EmbeddingsCsv;
import org.comicreid.core.metrics.RankCountingRetrievalEngine;
import org.comicreid.core.metrics.ReferenceRetrievalEngine;
import org.comicreid.core.metrics.RetrievalEngine;
import org.comicreid.core.metrics.RetrievalMetrics;
import org.comicreid.learning.kernels.TorchDistanceTileKernel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reid eval-embeddings}: retrieval metrics of labelled embeddings. */
@Command(
    name = "eval-embeddings",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compute retrieval metrics (MAP, MAP@R, MRR, P@1, R-precision) of labelled embeddings,"
          + " with pytorch-metric-learning AccuracyCalculator semantics: Euclidean distance, k = all"
          + " references, ties broken by reference order.",
      "Without --reference the queries are their own reference set and each query's own row is"
          + " left out of its neighbours. Queries whose label no reference shares (lone queries)"
          + " are left out; if all are lone the metrics are NaN.",
      "CSV input: header id,label,e0,e1,... ; labels are arbitrary strings."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:metrics computed", "1:the run failed", "2:bad options or input file"})
public final class EvalEmbeddingsCommand implements Callable<Integer> {

  /** Which engine computes the metrics. */
  public enum EngineChoice {
    /** Rank counting on libtorch distance tiles (exact; for large inputs). */
    fast,
    /** Full sort per query in plain Java (slow; the yardstick). */
    reference
  }

  @Option(names = "--query", required = true, paramLabel = "Q.csv",
      description = "Query embeddings: CSV with header id,label,e0,e1,...")
  Path query;

  @Option(names = "--reference", paramLabel = "R.csv",
      description = "Reference embeddings in the same format and dimension (default: the queries themselves).")
  Path reference;

  @Option(names = "--avg-of-avgs",
      description = "Average per query label first, then over labels (as the paper's evaluation does).")
  boolean avgOfAvgs;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the metrics as JSON with keys map, map_at_r, mrr, p_at_1, r_precision;"
          + " NaN is written as null. Written to a temporary file, then renamed.")
  Path json;

  @Option(names = "--engine", defaultValue = "fast", paramLabel = "fast|reference",
      description = "fast: exact rank counting on libtorch sgemm tiles; reference: full sort per query"
          + " in plain Java (default: ${DEFAULT-VALUE}).")
  EngineChoice engine;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Integer> labelIds = new HashMap<>();
    Embeddings q = EmbeddingsCsv.readLabelled(query, labelIds);
    Embeddings r = null;
    if (reference != null) {
      r = EmbeddingsCsv.readLabelled(reference, labelIds);
      EmbeddingsCsv.requireSameDim(query, q, reference, r);
    }
    long pairs = (long) q.size() * (r == null ? q.size() : r.size());
    RetrievalMetrics m = newEngine(engine, pairs > 50_000_000L ? progress(err, "eval-embeddings") : null)
        .evaluate(q, r, avgOfAvgs);
    out.print(table(m, avgOfAvgs));
    out.flush();
    if (json != null) {
      writeAtomically(json, w -> w.write(json(m)));
    }
    return 0;
  }

  /** Builds the chosen engine; the fast one reports progress to {@code progress} if not null. */
  static RetrievalEngine newEngine(EngineChoice choice, RankCountingRetrievalEngine.Progress progress) {
    if (choice == EngineChoice.reference) {
      return new ReferenceRetrievalEngine();
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new RankCountingRetrievalEngine(new TorchDistanceTileKernel(), threads, 1024, progress);
  }

  /** Progress lines on stderr, at most every two seconds. */
  static RankCountingRetrievalEngine.Progress progress(PrintWriter err, String what) {
    long start = System.nanoTime();
    long[] last = {start};
    return (done, total) -> {
      long now = System.nanoTime();
      synchronized (last) {
        if (done == total || now - last[0] > 2_000_000_000L) {
          last[0] = now;
          err.printf(Locale.ROOT, "%s: %d/%d tiles (%.0f%%), %.1f s%n",
              what, done, total, 100.0 * done / total, (now - start) / 1e9);
          err.flush();
        }
      }
    };
  }

  static String table(RetrievalMetrics m, boolean avgOfAvgs) {
    StringBuilder b = new StringBuilder();
    String[][] rows = {
      {"MAP", fmt(m.map())},
      {"MAP@R", fmt(m.mapAtR())},
      {"MRR", fmt(m.mrr())},
      {"P@1", fmt(m.pAt1())},
      {"R-precision", fmt(m.rPrecision())},
      {"queries used", Integer.toString(m.queriesUsed())},
      {"lone queries", m.loneQueries() + " (left out)"},
    };
    b.append(String.format(Locale.ROOT, "%-13s %s%n", "metric", avgOfAvgs ? "value (avg of avgs)" : "value"));
    for (String[] row : rows) {
      b.append(String.format(Locale.ROOT, "%-13s %s%n", row[0], row[1]));
    }
    return b.toString();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.5f", v);
  }

  static String json(RetrievalMetrics m) {
    return "{\n"
        + "  \"map\": " + jsonNumber(m.map()) + ",\n"
        + "  \"map_at_r\": " + jsonNumber(m.mapAtR()) + ",\n"
        + "  \"mrr\": " + jsonNumber(m.mrr()) + ",\n"
        + "  \"p_at_1\": " + jsonNumber(m.pAt1()) + ",\n"
        + "  \"r_precision\": " + jsonNumber(m.rPrecision()) + "\n"
        + "}\n";
  }

  private static String jsonNumber(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  /** Writes content through {@code body}. */
  @FunctionalInterface
  interface Body {
    void write(Writer w) throws IOException;
  }

  /** Writes {@code target} via a temporary file in the same folder, then renames it into place. */
  static void writeAtomically(Path target, Body body) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.write(w);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ReidRunException(target + ": cannot write: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is hidden and named after the target
        }
      }
    }
  }
}
