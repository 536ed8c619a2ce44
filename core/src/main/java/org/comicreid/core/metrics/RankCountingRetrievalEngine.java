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
 * <p>When most of a query's row are candidates (poor, e.g. chance-level, retrieval) and it has at
 * most {@value #FAST_MAX_RELEVANT} relevant references, the row is counted without per-reference
 * branches instead: the approximate distances become order-preserving int keys, and one pass per
 * relevant reference counts the keys above its conservative "certainly after" threshold; the few
 * references between its "certainly before" and "certainly after" thresholds are recomputed exactly.
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
    // Per relevant reference (same layout as relDist), float thresholds on the approximate distance
    // v of a non-relevant reference: v > after[i] proves it follows relevant i (exact > relDist[i]),
    // v < before[i] proves it precedes it (exact < relDist[i]); in between it is recomputed exactly.
    // The same thresholds as {@link #key}s, and whether they may be used: only when no distance
    // (approximate or exact) can overflow, so that every tile value and threshold is finite.
    final int[] after;
    final int[] before;
    final boolean keysOk;

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
      after = new int[offset[nq]];
      before = new int[offset[nq]];
      upper = new float[nq];
      tol = new double[nq];
      double maxRefNorm = 0;
      for (int j = 0; j < ref.size(); j++) {
        maxRefNorm = Math.max(maxRefNorm, Distances.squaredNorm(ref.data(), j, dim));
      }
      double maxQueryNorm = 0;
      for (int q = 0; q < nq; q++) {
        maxQueryNorm = Math.max(maxQueryNorm, Distances.squaredNorm(query.data(), q, dim));
      }
      // |terms| of the kernel's dot product sum to at most 2 (xNorm2 + yNorm2): far below overflow
      keysOk = 4 * (maxQueryNorm + maxRefNorm) < 1e36;
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
          after[base + i] = key(floatAtLeast(Math.nextUp(relDist[base + i] + tol[q])));
          before[base + i] = key(floatAtMost(Math.nextDown(relDist[base + i] - tol[q])));
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

  /**
   * An int that orders like the float, halved so that differences of two keys never overflow:
   * key(x) &gt; key(y) implies x &gt; y and key(x) &lt; key(y) implies x &lt; y (for non-NaN x, y;
   * -0.0 orders just below +0.0).
   */
  static int key(float x) {
    int b = Float.floatToRawIntBits(x);
    return (b ^ ((b >> 31) & 0x7fffffff)) >> 1;
  }

  /** The smallest float &gt;= x (x is not NaN). */
  static float floatAtLeast(double x) {
    float f = (float) x;
    return f < x ? Math.nextUp(f) : f;
  }

  /** The largest float &lt;= x (x is not NaN). */
  static float floatAtMost(double x) {
    float f = (float) x;
    return f > x ? Math.nextDown(f) : f;
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
          float[] flipped = plan.same ? new float[tileSize * tileSize] : null;
          int[] g = new int[FAST_MAX_RELEVANT];
          int[] keys = new int[tileSize];
          int[] win = new int[FAST_MAX_RELEVANT + tileSize + 1];
          float[] up = new float[tileSize];
          int[] cand = new int[tileSize];
          int w;
          while ((w = next.getAndIncrement()) < work.size()) {
            int r0 = work.get(w)[0] * tileSize;
            int c0 = work.get(w)[1] * tileSize;
            int rows = Math.min(tileSize, nq - r0);
            int cols = Math.min(tileSize, nr - c0);
            session.tile(r0, rows, c0, cols, tile);
            scanRows(plan, tile, r0, rows, c0, cols, mine, g, keys, win);
            if (plan.same && r0 != c0) {
              // the tile is symmetric in role: its columns are queries against its rows
              scanColumns(plan, tile, r0, rows, c0, cols, mine, g, keys, win, flipped, up, cand);
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

  /** Queries with at most this many relevant references are counted by threshold passes. */
  static final int FAST_MAX_RELEVANT = 16;

  /** References (or queries) sampled to choose between placing and threshold passes. */
  private static final int SAMPLE = 64;

  /**
   * The symmetric counterpart of {@link #scanRows}: the tile holds distances between rows r0.. and
   * columns c0.. of the shared set; here the columns are the queries and the rows the references.
   * A sample of rows finds the columns with many candidates: if there are many such columns the
   * tile is transposed and scanned by rows; otherwise those columns are gathered and counted by
   * threshold passes, and the others are placed reference by reference in row-major order.
   */
  private static void scanColumns(Plan plan, float[] tile, int r0, int rows, int c0, int cols,
      long[] counts, int[] g, int[] keys, int[] win, float[] flipped, float[] up, int[] cand) {
    int sample = Math.min(rows, SAMPLE);
    for (int c = 0; c < cols; c++) {
      up[c] = plan.upper[c0 + c];
      cand[c] = 0;
    }
    for (int r = 0; r < sample; r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        cand[c] += tile[row + c] <= up[c] ? 1 : 0;
      }
    }
    int many = 0;
    for (int c = 0; c < cols; c++) {
      int q = c0 + c;
      int rel = plan.offset[q + 1] - plan.offset[q];
      if (rel == 0 || rel > FAST_MAX_RELEVANT || !plan.keysOk || cand[c] * 8 <= sample) {
        cand[c] = 0;
      } else {
        cand[c] = 1;
        many++;
      }
    }
    if (many * 8 > cols) {
      transpose(tile, rows, cols, flipped);
      scanRows(plan, flipped, c0, cols, r0, rows, counts, g, keys, win);
      return;
    }
    if (many > 0) {
      for (int c = 0; c < cols; c++) {
        if (cand[c] == 0) {
          continue;
        }
        for (int r = 0; r < rows; r++) {
          keys[r] = key(tile[r * cols + c]);
        }
        countRow(plan, keys, win, c0 + c, r0, rows, counts, g);
        up[c] = Float.NEGATIVE_INFINITY; // done (keysOk: no NaN in the tile)
      }
    }
    int[] labels = plan.query.labels();
    for (int r = 0; r < rows; r++) {
      int j = r0 + r; // the reference
      int refLabel = labels[j];
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        int q = c0 + c; // the query
        float v = tile[row + c];
        if (v > up[c] || labels[q] == refLabel) {
          continue;
        }
        place(plan, q, j, v, counts);
      }
    }
  }

  /**
   * Counts, for queries q0.. (rows of {@code buf}) against references j0.. (columns), how many
   * relevant ones each non-relevant reference precedes.
   */
  private static void scanRows(
      Plan plan, float[] buf, int q0, int nQ, int j0, int nJ, long[] counts, int[] g, int[] keys,
      int[] win) {
    int[] refLabels = plan.ref.labels();
    float[] upperAll = plan.upper;
    for (int r = 0; r < nQ; r++) {
      int q = q0 + r;
      int base = plan.offset[q];
      int rel = plan.offset[q + 1] - base;
      if (rel == 0) {
        continue;
      }
      int row = r * nJ;
      float upper = upperAll[q];
      if (rel <= FAST_MAX_RELEVANT && plan.keysOk) {
        // few candidates (good retrieval): place them one by one; else count by threshold passes
        // a sample of the row decides: threshold passes when many references are candidates
        int sample = Math.min(nJ, SAMPLE);
        int candidates = 0;
        for (int c = 0; c < sample; c++) {
          candidates += buf[row + c] <= upper ? 1 : 0;
        }
        if (candidates * 8 > sample) {
          for (int c = 0; c < nJ; c++) {
            keys[c] = key(buf[row + c]);
          }
          countRow(plan, keys, win, q, j0, nJ, counts, g);
          continue;
        }
      }
      int label = plan.query.label(q);
      for (int c = 0; c < nJ; c++) {
        float v = buf[row + c];
        if (v > upper) {
          continue;
        }
        int j = j0 + c;
        if (refLabels[j] == label) {
          continue; // relevant (or the query itself): ranked among the relevant already
        }
        place(plan, q, j, v, counts);
      }
    }
  }

  /**
   * One query row, as {@link #key}s of its approximate distances to references j0..j0+nJ: for each
   * relevant reference k, g[k] = how many non-relevant references in the row follow it, from
   * branch-free integer passes over the row comparing with the thresholds; references inside a
   * threshold's window are decided exactly, and the relevant references (and the query itself) in
   * the row are taken out afterwards.
   */
  private static void countRow(
      Plan plan, int[] keys, int[] win, int q, int j0, int nJ, long[] counts, int[] g) {
    int[] amb = win; // shares the scratch: amb[0..rel) and the window list in win[16..]
    int base = plan.offset[q];
    int rel = plan.offset[q + 1] - base;
    int[] after = plan.after;
    int[] before = plan.before;
    int ambiguous = 0; // relevant ones with references inside their window, listed in amb
    for (int k = 0; k < rel; k++) {
      int a = after[base + k];
      int b = before[base + k];
      int follows = 0; // key > a: follows relevant k
      int precedes = 0; // key < b: precedes relevant k
      for (int c = 0; c < nJ; c++) {
        int x = keys[c];
        follows += (a - x) >>> 31; // keys are halved: no overflow
        precedes += (x - b) >>> 31;
      }
      g[k] = follows;
      if (follows + precedes != nJ) {
        amb[ambiguous++] = k;
      }
    }
    if (ambiguous > 0) {
      window(plan, keys, win, amb, ambiguous, q, j0, nJ, g);
    }
    // take out the relevant references (and the query itself) that lie in this row
    int excluded = 0;
    for (int i = -1; i < rel; i++) {
      int j = i < 0 ? plan.self[q] : plan.relIdx[base + i];
      if (j < j0 || j >= j0 + nJ) {
        continue;
      }
      excluded++;
      int x = keys[j - j0];
      for (int k = 0; k < rel; k++) {
        if (x > after[base + k]) {
          g[k]--;
        }
      }
    }
    int cb = base + q;
    counts[cb] += nJ - excluded - g[0];
    for (int p = 1; p < rel; p++) {
      counts[cb + p] += g[p - 1] - g[p];
    }
  }

  /**
   * For each relevant reference amb[t] (t &lt; m) whose window [before, after] holds some of the
   * row's keys, adds to g[k] the non-relevant references inside the window that follow relevant k
   * exactly. The columns inside the window are listed first, branch-free, in win[16..].
   */
  private static void window(
      Plan plan, int[] keys, int[] win, int[] amb, int m, int q, int j0, int nJ, int[] g) {
    int base = plan.offset[q];
    int[] refLabels = plan.ref.labels();
    int label = plan.query.label(q);
    for (int t = 0; t < m; t++) {
      int k = amb[t];
      int i = base + k;
      int a = plan.after[i];
      int b = plan.before[i];
      int n = FAST_MAX_RELEVANT;
      for (int c = 0; c < nJ; c++) {
        int x = keys[c];
        win[n] = c;
        n += (~((x - b) | (a - x))) >>> 31; // keys are halved: no overflow
      }
      double dk = plan.relDist[i];
      int ik = plan.relIdx[i];
      for (int w = FAST_MAX_RELEVANT; w < n; w++) {
        int j = j0 + win[w];
        if (refLabels[j] == label) {
          continue;
        }
        double exact = Distances.squared(plan.query.data(), q, plan.ref.data(), j, plan.dim);
        if (dk < exact || (dk == exact && ik < j)) {
          g[k]++;
        }
      }
    }
  }

  /** out[c * rows + r] = tile[r * cols + c], in cache-friendly blocks. */
  private static void transpose(float[] tile, int rows, int cols, float[] out) {
    final int b = 8; // small blocks: rows 2 KiB apart share few cache sets
    for (int r0 = 0; r0 < rows; r0 += b) {
      int r1 = Math.min(rows, r0 + b);
      for (int c0 = 0; c0 < cols; c0 += b) {
        int c1 = Math.min(cols, c0 + b);
        for (int r = r0; r < r1; r++) {
          int src = r * cols;
          for (int c = c0; c < c1; c++) {
            out[c * rows + r] = tile[src + c];
          }
        }
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
