package org.comicreid.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fast engine: exact metrics without sorting any row.
 *
 * <p>Per query it computes the exact distances of its R relevant references and sorts those
 * (distance, index) pairs. It then streams approximate distance tiles from a {@link
 * DistanceTileKernel} and, for every other reference, counts how many relevant ones it precedes: a
 * single compare against the largest relevant distance (plus the kernel's error bound) skips most
 * references when retrieval is good; the rest are placed by binary search, and only those whose
 * approximate distance is within the error bound of a relevant distance are recomputed exactly.
 * The ranks of the relevant references follow from the counts, so the result equals {@link
 * ReferenceRetrievalEngine}'s, ties (by reference index) included.
 *
 * <p>When the queries are the references, only tiles on and above the diagonal are computed and
 * each is scanned twice, by rows and by columns (the distance is symmetric). Work is spread over query
 * tiles on a fixed number of threads. Memory: O(tile^2) per thread plus O(sum of R) per thread.
 */
public final class RankCountingRetrievalEngine implements RetrievalEngine {

  /** Receives progress as tiles finish; called from worker threads. */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} tiles are finished. */
    void tilesDone(long done, long total);
  }

  private final DistanceTileKernel kernel;
  private final int threads;
  private final int tileSize;
  private final Progress progress;

  /**
   * @param kernel the source of approximate distance tiles
   * @param threads worker threads (at least 1)
   * @param tileSize rows and columns per tile (at least 1)
   * @param progress progress listener, or {@code null}
   */
  public RankCountingRetrievalEngine(
      DistanceTileKernel kernel, int threads, int tileSize, Progress progress) {
    if (threads < 1 || tileSize < 1) {
      throw new IllegalArgumentException("threads and tileSize must be positive");
    }
    this.kernel = kernel;
    this.threads = threads;
    this.tileSize = tileSize;
    this.progress = progress;
  }

  /** A plain-Java engine on {@link JavaTileKernel} with one thread per core and 512-row tiles. */
  public static RankCountingRetrievalEngine plainJava() {
    return new RankCountingRetrievalEngine(
        new JavaTileKernel(), Runtime.getRuntime().availableProcessors(), 512, null);
  }

  @Override
  public RetrievalMetrics evaluate(
      Embeddings query, Embeddings reference, int[] selfIndex, boolean avgOfAvgs) {
    int[] self = RetrievalEngine.checkInputs(query, reference, selfIndex);
    boolean same = reference == null;
    Embeddings ref = same ? query : reference;
    Plan plan = new Plan(query, ref, same, self);
    long[][] counts = runTiles(plan);
    return score(plan, counts, avgOfAvgs);
  }

  /** Per-query relevant references, sorted by (exact distance, index), and scan thresholds. */
  private static final class Plan {
    final Embeddings query;
    final Embeddings ref;
    final boolean same;
    final int[] self;
    final int dim;
    final int[] offset; // into rel*, per query; R = offset[q+1]-offset[q]
    final double[] relDist;
    final int[] relIdx;
    final float[] upper; // scan threshold per query (NaN-free), -inf for lone queries
    final double[] tol;

    Plan(Embeddings query, Embeddings ref, boolean same, int[] self) {
      this.query = query;
      this.ref = ref;
      this.same = same;
      this.self = self;
      this.dim = query.dim();
      Map<Integer, int[]> byLabel = groupByLabel(ref);
      int nq = query.size();
      offset = new int[nq + 1];
      for (int q = 0; q < nq; q++) {
        int[] g = byLabel.get(query.label(q));
        int r = g == null ? 0 : g.length - (self[q] >= 0 ? 1 : 0);
        offset[q + 1] = Math.addExact(offset[q], r);
      }
      relDist = new double[offset[nq]];
      relIdx = new int[offset[nq]];
      upper = new float[nq];
      tol = new double[nq];
      double maxRefNorm = 0;
      for (int j = 0; j < ref.size(); j++) {
        maxRefNorm = Math.max(maxRefNorm, Distances.squaredNorm(ref.data(), j, dim));
      }
      for (int q = 0; q < nq; q++) {
        int base = offset[q];
        int r = offset[q + 1] - base;
        tol[q] = DistanceTileKernel.errorBound(dim, Distances.squaredNorm(query.data(), q, dim), maxRefNorm);
        if (r == 0) {
          upper[q] = Float.NEGATIVE_INFINITY;
          continue;
        }
        int n = 0;
        double[] d = new double[r];
        int[] idx = new int[r];
        for (int j : byLabel.get(query.label(q))) {
          if (j == self[q]) {
            continue;
          }
          d[n] = Distances.squared(query.data(), q, ref.data(), j, dim);
          idx[n] = j;
          n++;
        }
        Integer[] o = new Integer[r];
        for (int i = 0; i < r; i++) {
          o[i] = i;
        }
        Arrays.sort(o, (a, b) -> {
          int c = Double.compare(d[a], d[b]);
          return c != 0 ? c : Integer.compare(idx[a], idx[b]);
        });
        for (int i = 0; i < r; i++) {
          relDist[base + i] = d[o[i]];
          relIdx[base + i] = idx[o[i]];
        }
        double hi = relDist[base + r - 1] + tol[q];
        float hf = (float) hi;
        upper[q] = hf < hi ? Math.nextUp(hf) : hf;
      }
    }

    int relevant(int q) {
      return offset[q + 1] - offset[q];
    }
  }

  private static Map<Integer, int[]> groupByLabel(Embeddings e) {
    Map<Integer, Integer> sizes = new HashMap<>();
    for (int j = 0; j < e.size(); j++) {
      sizes.merge(e.label(j), 1, Integer::sum);
    }
    Map<Integer, int[]> groups = new HashMap<>();
    Map<Integer, Integer> fill = new HashMap<>();
    for (int j = 0; j < e.size(); j++) {
      int l = e.label(j);
      int[] g = groups.computeIfAbsent(l, x -> new int[sizes.get(x)]);
      int f = fill.merge(l, 1, Integer::sum) - 1;
      g[f] = j;
    }
    return groups;
  }

  /** Runs all tiles; returns per-thread count arrays (length sum(R+1), indexed offset[q] + q + p). */
  private long[][] runTiles(Plan plan) {
    int nq = plan.query.size();
    int nr = plan.ref.size();
    int rowTiles = (nq + tileSize - 1) / tileSize;
    int colTiles = (nr + tileSize - 1) / tileSize;
    List<int[]> work = new ArrayList<>();
    for (int i = 0; i < rowTiles; i++) {
      for (int j = plan.same ? i : 0; j < colTiles; j++) {
        work.add(new int[] {i, j});
      }
    }
    int countsLength = plan.offset[nq] + nq;
    int nThreads = Math.max(1, Math.min(threads, work.size()));
    long[][] counts = new long[nThreads][];
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
      Thread t = new Thread(r, "rank-counting");
      t.setDaemon(true);
      return t;
    });
    try (DistanceTileKernel.Session session = kernel.open(plan.query, plan.ref)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < nThreads; t++) {
        long[] mine = new long[countsLength];
        counts[t] = mine;
        futures.add(pool.submit(() -> {
          float[] tile = new float[tileSize * tileSize];
          int w;
          while ((w = next.getAndIncrement()) < work.size()) {
            int r0 = work.get(w)[0] * tileSize;
            int c0 = work.get(w)[1] * tileSize;
            int rows = Math.min(tileSize, nq - r0);
            int cols = Math.min(tileSize, nr - c0);
            session.tile(r0, rows, c0, cols, tile);
            scan(plan, tile, r0, rows, c0, cols, mine);
            if (plan.same && r0 != c0) {
              scanColumns(plan, tile, r0, rows, c0, cols, mine);
            }
            long d = done.incrementAndGet();
            if (progress != null) {
              progress.tilesDone(d, work.size());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return counts;
  }

  /** Counts, for queries r0.. against references c0.., how many relevant ones each reference precedes. */
  private static void scan(Plan plan, float[] tile, int r0, int rows, int c0, int cols, long[] counts) {
    int[] refLabels = plan.ref.labels();
    for (int r = 0; r < rows; r++) {
      int q = r0 + r;
      int base = plan.offset[q];
      int rel = plan.offset[q + 1] - base;
      if (rel == 0) {
        continue;
      }
      float upper = plan.upper[q];
      int label = plan.query.label(q);
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        float v = tile[row + c];
        if (v > upper) {
          continue;
        }
        int j = c0 + c;
        if (refLabels[j] == label) {
          continue; // relevant (or the query itself): ranked among the relevant already
        }
        place(plan, q, j, v, counts);
      }
    }
  }

  /**
   * The symmetric counterpart of {@link #scan}: the tile holds distances between rows r0.. and
   * columns c0.. of the shared set; here the columns are the queries and the rows the references,
   * read in row-major order (no transpose).
   */
  private static void scanColumns(Plan plan, float[] tile, int r0, int rows, int c0, int cols, long[] counts) {
    int[] labels = plan.query.labels();
    float[] upper = plan.upper;
    for (int r = 0; r < rows; r++) {
      int j = r0 + r; // the reference
      int refLabel = labels[j];
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        int q = c0 + c; // the query
        float v = tile[row + c];
        if (v > upper[q] || labels[q] == refLabel) {
          continue;
        }
        place(plan, q, j, v, counts);
      }
    }
  }

  /** Adds non-relevant reference j, approximate distance v, to query q's counts. */
  private static void place(Plan plan, int q, int j, float v, long[] counts) {
    int base = plan.offset[q];
    int rel = plan.offset[q + 1] - base;
    double tol = plan.tol[q];
    double lo = v - tol;
    double hi = v + tol;
    int before;
    int notAfter;
    if (rel <= 16) {
      // short sorted runs: a linear walk beats two binary searches
      double[] d = plan.relDist;
      int t = 0;
      while (t < rel && d[base + t] < lo) {
        t++;
      }
      before = t;
      while (t < rel && d[base + t] <= hi) {
        t++;
      }
      notAfter = t;
    } else {
      before = countBelow(plan.relDist, base, rel, lo);
      notAfter = countAtMost(plan.relDist, base, rel, hi);
    }
    int p;
    if (before == notAfter) {
      p = before;
    } else {
      double exact = Distances.squared(plan.query.data(), q, plan.ref.data(), j, plan.dim);
      p = countPreceding(plan.relDist, plan.relIdx, base, rel, exact, j);
    }
    counts[base + q + p]++;
  }

  /** Number of sorted values in d[base..base+n) that are &lt; x. */
  private static int countBelow(double[] d, int base, int n, double x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (d[base + mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of sorted values in d[base..base+n) that are &lt;= x. */
  private static int countAtMost(double[] d, int base, int n, double x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (d[base + mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of (distance, index) pairs in the sorted run that precede (x, j). */
  private static int countPreceding(double[] d, int[] idx, int base, int n, double x, int j) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double v = d[base + mid];
      boolean precedes = v < x || (v == x && idx[base + mid] < j);
      if (precedes) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static RetrievalMetrics score(Plan plan, long[][] counts, boolean avgOfAvgs) {
    int nq = plan.query.size();
    RetrievalScoring.Accumulator acc = new RetrievalScoring.Accumulator(avgOfAvgs);
    double[] scores = new double[5];
    int[] positions = new int[16];
    for (int q = 0; q < nq; q++) {
      int rel = plan.relevant(q);
      if (rel == 0) {
        acc.addLone();
        continue;
      }
      if (positions.length < rel) {
        positions = new int[Math.max(rel, positions.length * 2)];
      }
      int countBase = plan.offset[q] + q;
      long before = 0;
      for (int p = 0; p < rel; p++) {
        for (long[] c : counts) {
          before += c[countBase + p];
        }
        positions[p] = Math.toIntExact(p + 1 + before);
      }
      int k = plan.ref.size() - (plan.self[q] >= 0 ? 1 : 0);
      RetrievalScoring.scoreQuery(rel, k, positions, rel, scores);
      acc.add(plan.query.label(q), scores);
    }
    return acc.result();
  }
}
