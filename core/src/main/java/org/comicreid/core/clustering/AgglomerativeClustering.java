package org.comicreid.core.clustering;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Agglomerative clustering of points on Euclidean distance, cut at a distance threshold.
 *
 * <p>Semantics follow scikit-learn's {@code AgglomerativeClustering(n_clusters=None,
 * distance_threshold=t)}: two clusters are merged only while their linkage distance is strictly
 * less than {@code t}, so the number of clusters is the count of merge distances {@code >= t} plus
 * one. The dendrogram is built with the nearest-neighbour chain algorithm and Lance-Williams
 * updates on a condensed double-precision distance matrix: O(n^2) time and n(n-1)/2 doubles of
 * memory (10,000 points need 400 MB). Labels are deterministic: clusters are numbered in the order
 * of their lowest-index point.
 */
public final class AgglomerativeClustering {
  private AgglomerativeClustering() {}

  /** The largest number of points (the condensed matrix must fit one Java array). */
  public static final int MAX_POINTS = 65_000;

  /**
   * Clusters {@code n = data.length / dim} points.
   *
   * @param data row-major points
   * @param dim values per point
   * @param threshold merge while the linkage distance is below this (finite, &gt;= 0)
   * @param linkage the linkage
   */
  public static ClusteringResult cluster(float[] data, int dim, double threshold, Linkage linkage) {
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
    }
    if (dim <= 0 || data.length % dim != 0) {
      throw new IllegalArgumentException("data length " + data.length + " is not a multiple of dim " + dim);
    }
    int n = data.length / dim;
    if (n > MAX_POINTS) {
      throw new IllegalArgumentException(n + " points exceed the limit of " + MAX_POINTS);
    }
    if (n == 0) {
      return new ClusteringResult(new int[0], 0, new double[0]);
    }
    double[] dist = condensedDistances(data, n, dim);
    int[][] merges = new int[n - 1][];
    double[] heights = new double[n - 1];
    nnChain(dist, n, linkage, merges, heights);
    // Union every merge below the threshold; monotone linkages make this the dendrogram cut.
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int m = 0; m < n - 1; m++) {
      if (heights[m] < threshold) {
        int a = find(parent, merges[m][0]);
        int b = find(parent, merges[m][1]);
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    int[] labels = new int[n];
    int[] rootLabel = new int[n];
    Arrays.fill(rootLabel, -1);
    int next = 0;
    for (int i = 0; i < n; i++) {
      int r = find(parent, i);
      if (rootLabel[r] < 0) {
        rootLabel[r] = next++;
      }
      labels[i] = rootLabel[r];
    }
    double[] sorted = heights.clone();
    Arrays.sort(sorted);
    return new ClusteringResult(labels, next, sorted);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Index of pair (i, j), i &lt; j, in the condensed matrix. */
  private static int index(int n, int i, int j) {
    if (i > j) {
      int t = i;
      i = j;
      j = t;
    }
    return (int) ((long) i * n - (long) i * (i + 1) / 2 + (j - i - 1));
  }

  private static double[] condensedDistances(float[] data, int n, int dim) {
    double[] dist = new double[(int) ((long) n * (n - 1) / 2)];
    IntStream.range(0, n).parallel().forEach(i -> {
      int base = index(n, i, i + 1);
      for (int j = i + 1; j < n; j++) {
        int a = i * dim;
        int b = j * dim;
        // four independent sums keep the FP units busy (a single running sum is latency-bound)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < dim; k += 4) {
          double d0 = (double) data[a + k] - data[b + k];
          double d1 = (double) data[a + k + 1] - data[b + k + 1];
          double d2 = (double) data[a + k + 2] - data[b + k + 2];
          double d3 = (double) data[a + k + 3] - data[b + k + 3];
          s0 += d0 * d0;
          s1 += d1 * d1;
          s2 += d2 * d2;
          s3 += d3 * d3;
        }
        for (; k < dim; k++) {
          double d = (double) data[a + k] - data[b + k];
          s0 += d * d;
        }
        dist[base + (j - i - 1)] = Math.sqrt((s0 + s1) + (s2 + s3));
      }
    });
    return dist;
  }

  /** Nearest-neighbour chain; fills merges[m] = {a, b} (point indices) and heights[m]. */
  private static void nnChain(double[] dist, int n, Linkage linkage, int[][] merges, double[] heights) {
    boolean[] active = new boolean[n];
    Arrays.fill(active, true);
    int[] size = new int[n];
    Arrays.fill(size, 1);
    int[] chain = new int[n];
    int top = 0;
    int firstActive = 0;
    for (int m = 0; m < n - 1; m++) {
      if (top == 0) {
        while (!active[firstActive]) {
          firstActive++;
        }
        chain[top++] = firstActive;
      }
      int a;
      int b;
      double dab;
      while (true) {
        a = chain[top - 1];
        int prev = top >= 2 ? chain[top - 2] : -1;
        int best = prev;
        double bestD = prev >= 0 ? dist[index(n, a, prev)] : Double.POSITIVE_INFINITY;
        // column part (k < a): index(n, k, a) grows by n - k - 2 per step; row part is contiguous
        int idx = a - 1;
        for (int k = 0; k < a; k++) {
          if (active[k] && dist[idx] < bestD) {
            bestD = dist[idx];
            best = k;
          }
          idx += n - k - 2;
        }
        idx = a + 1 < n ? index(n, a, a + 1) : 0;
        for (int k = a + 1; k < n; k++, idx++) {
          if (active[k] && dist[idx] < bestD) {
            bestD = dist[idx];
            best = k;
          }
        }
        if (best == prev) {
          b = prev;
          dab = bestD;
          top -= 2;
          break;
        }
        chain[top++] = best;
      }
      merges[m] = new int[] {a, b};
      heights[m] = dab;
      // The merged cluster lives at index b; a is retired.
      int na = size[a];
      int nb = size[b];
      for (int k = firstActive; k < n; k++) {
        if (k == a || k == b || !active[k]) {
          continue;
        }
        int ia = index(n, a, k);
        int ib = index(n, b, k);
        double da = dist[ia];
        double db = dist[ib];
        double d;
        switch (linkage) {
          case SINGLE -> d = Math.min(da, db);
          case COMPLETE -> d = Math.max(da, db);
          default -> d = (na * da + nb * db) / (na + nb);
        }
        dist[ib] = d;
      }
      active[a] = false;
      size[b] = na + nb;
    }
  }
}
