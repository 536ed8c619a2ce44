package org.comicreid.core.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgglomerativeClusteringTest {

  @Test
  void twoPointsStrictThreshold() {
    float[] x = {0, 1};
    for (Linkage l : Linkage.values()) {
      assertEquals(2, AgglomerativeClustering.cluster(x, 1, 0.5, l).clusterCount());
      assertEquals(2, AgglomerativeClustering.cluster(x, 1, 1.0, l).clusterCount());
      assertEquals(1, AgglomerativeClustering.cluster(x, 1, 1.5, l).clusterCount());
    }
  }

  @Test
  void labelsNumberedByFirstPoint() {
    float[] x = {10, 0, 10.1f, 0.2f, 50};
    ClusteringResult r = AgglomerativeClustering.cluster(x, 1, 1.0, Linkage.AVERAGE);
    assertArrayEquals(new int[] {0, 1, 0, 1, 2}, r.labels());
    assertEquals(3, r.clusterCount());
  }

  @Test
  void linkagesDifferOnAChain() {
    // Points 0,1,2,3: single links the chain at threshold 1.5; complete (max 3) and average
    // (the {0,1} to {2,3} average is 2) do not.
    float[] x = {0, 1, 2, 3};
    assertEquals(1, AgglomerativeClustering.cluster(x, 1, 1.5, Linkage.SINGLE).clusterCount());
    assertEquals(2, AgglomerativeClustering.cluster(x, 1, 1.5, Linkage.AVERAGE).clusterCount());
    assertEquals(2, AgglomerativeClustering.cluster(x, 1, 2.5, Linkage.COMPLETE).clusterCount());
    assertEquals(1, AgglomerativeClustering.cluster(x, 1, 2.01, Linkage.AVERAGE).clusterCount());
  }

  @Test
  void rejectsBadThreshold() {
    assertThrows(IllegalArgumentException.class, () -> AgglomerativeClustering.cluster(new float[] {0}, 1, -1, Linkage.AVERAGE));
    assertThrows(IllegalArgumentException.class, () -> AgglomerativeClustering.cluster(new float[] {0}, 1, Double.NaN, Linkage.AVERAGE));
    assertThrows(IllegalArgumentException.class,
        () -> AgglomerativeClustering.cluster(new float[] {0}, 1, Double.POSITIVE_INFINITY, Linkage.AVERAGE));
  }

  /** Brute force O(n^3): repeatedly merge the closest pair while its linkage is below t. */
  static int[] bruteForce(float[] data, int dim, double t, Linkage linkage) {
    int n = data.length / dim;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
          double v = (double) data[i * dim + k] - data[j * dim + k];
          s += v * v;
        }
        d[i][j] = Math.sqrt(s);
      }
    }
    List<List<Integer>> clusters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clusters.add(new ArrayList<>(List.of(i)));
    }
    while (clusters.size() > 1) {
      double best = Double.POSITIVE_INFINITY;
      int ba = -1;
      int bb = -1;
      for (int a = 0; a < clusters.size(); a++) {
        for (int b = a + 1; b < clusters.size(); b++) {
          double v = linkage(d, clusters.get(a), clusters.get(b), linkage);
          if (v < best) {
            best = v;
            ba = a;
            bb = b;
          }
        }
      }
      if (!(best < t)) {
        break;
      }
      clusters.get(ba).addAll(clusters.remove(bb));
    }
    int[] labels = new int[n];
    for (int c = 0; c < clusters.size(); c++) {
      for (int p : clusters.get(c)) {
        labels[p] = c;
      }
    }
    return labels;
  }

  static double linkage(double[][] d, List<Integer> a, List<Integer> b, Linkage l) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    double sum = 0;
    for (int i : a) {
      for (int j : b) {
        min = Math.min(min, d[i][j]);
        max = Math.max(max, d[i][j]);
        sum += d[i][j];
      }
    }
    return switch (l) {
      case SINGLE -> min;
      case COMPLETE -> max;
      case AVERAGE -> sum / (a.size() * b.size());
    };
  }

  /** Relabels so that clusters are numbered by their first point; equal partitions compare equal. */
  static int[] canonical(int[] labels) {
    int[] map = new int[labels.length + 1];
    java.util.Arrays.fill(map, -1);
    int next = 0;
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (map[labels[i]] < 0) {
        map[labels[i]] = next++;
      }
      out[i] = map[labels[i]];
    }
    return out;
  }

  @Test
  void matchesBruteForceOnRandomData() {
    Random rnd = new Random(42);
    int n = 240;
    int dim = 4;
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int centre = rnd.nextInt(20);
      for (int k = 0; k < dim; k++) {
        data[i * dim + k] = (float) (centre * (k + 1) % 7 + 0.6 * rnd.nextGaussian());
      }
    }
    int checkedNonTrivial = 0;
    for (Linkage l : Linkage.values()) {
      for (double t : new double[] {0.3, 0.8, 1.5, 3.0, 6.0}) {
        int[] want = canonical(bruteForce(data, dim, t, l));
        ClusteringResult got = AgglomerativeClustering.cluster(data, dim, t, l);
        assertArrayEquals(want, got.labels(), l + " t=" + t);
        int k = want.length == 0 ? 0 : java.util.Arrays.stream(want).max().getAsInt() + 1;
        assertEquals(k, got.clusterCount());
        long above = java.util.Arrays.stream(got.mergeDistances()).filter(h -> h >= t).count();
        assertEquals(above + 1, got.clusterCount(), "n_clusters = count(merge distances >= t) + 1");
        if (k > 1 && k < n) {
          checkedNonTrivial++;
        }
      }
    }
    assertEquals(true, checkedNonTrivial >= 9, "thresholds should give non-trivial partitions");
  }
}
