package org.comicreid.core.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.linking.LinkResult;
import org.comicreid.core.linking.SequenceLinker;
import org.comicreid.core.linking.SequenceLinkerTest;
import org.junit.jupiter.api.Test;

class IdentityCliquesTest {

  static List<int[]> graph(int n, int[][] edges) {
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (int[] e : edges) {
      adj.get(e[0]).add(e[1]);
      adj.get(e[1]).add(e[0]);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> l : adj) {
      out.add(l.stream().mapToInt(Integer::intValue).sorted().toArray());
    }
    return out;
  }

  @Test
  void knownMaximalCliquesSubsetsAndIsolatedNodesDropped() {
    // triangles {0,1,2} and {1,2,3} (their shared edge {1,2} is a subset and is not reported),
    // edge {3,4}, node 5 isolated (dropped), K4 {6,7,8,9} (its triangles are not reported)
    List<int[]> g = graph(10, new int[][] {
        {0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}, {3, 4},
        {6, 7}, {6, 8}, {6, 9}, {7, 8}, {7, 9}, {8, 9}});
    List<int[]> c = IdentityCliques.maximalCliques(g);
    assertEquals(4, c.size());
    assertArrayEquals(new int[] {0, 1, 2}, c.get(0));
    assertArrayEquals(new int[] {1, 2, 3}, c.get(1));
    assertArrayEquals(new int[] {3, 4}, c.get(2));
    assertArrayEquals(new int[] {6, 7, 8, 9}, c.get(3));
  }

  @Test
  void cliqueRecordsOrderedBySeriesThenMembersWithInstanceCounts() {
    List<int[]> g = graph(10, new int[][] {
        {0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}, {3, 4},
        {6, 7}, {6, 8}, {6, 9}, {7, 8}, {7, 9}, {8, 9}});
    List<String> series = List.of("b", "b", "b", "b", "b", "b", "a", "a", "a", "a");
    int[] counts = {2, 3, 1, 1, 4, 5, 1, 1, 1, 2};
    List<IdentityClique> c = IdentityCliques.of(g, series, counts);
    assertEquals(4, c.size());
    // series "a" first: K4 with 1+1+1+2 = 5 instances
    assertEquals("a", c.get(0).series());
    assertArrayEquals(new int[] {6, 7, 8, 9}, c.get(0).members());
    assertEquals(5, c.get(0).instanceCount());
    assertEquals(0, c.get(0).id());
    assertArrayEquals(new int[] {0, 1, 2}, c.get(1).members());
    assertEquals(6, c.get(1).instanceCount()); // 2+3+1
    assertEquals(1, c.get(1).id());
    assertEquals(5, c.get(2).instanceCount()); // 3+1+1
    assertArrayEquals(new int[] {3, 4}, c.get(3).members());
    assertEquals(5, c.get(3).instanceCount()); // 1+4
    assertEquals(3, c.get(3).id());
  }

  @Test
  void fromLinkedSequences() {
    // identities of SequenceLinkerTest: edges 0-1 0-2 1-2 1-3 2-3 4-5; sizes 2,3,1,1,2,1
    LinkResult r = SequenceLinker.link(SequenceLinkerTest.threeSequences());
    List<IdentityClique> c = IdentityCliques.of(r);
    assertEquals(3, c.size());
    assertArrayEquals(new int[] {0, 1, 2}, c.get(0).members());
    assertEquals(6, c.get(0).instanceCount());
    assertArrayEquals(new int[] {1, 2, 3}, c.get(1).members());
    assertEquals(5, c.get(1).instanceCount());
    assertArrayEquals(new int[] {4, 5}, c.get(2).members());
    assertEquals(3, c.get(2).instanceCount());
  }

  @Test
  void matchesBruteForceOnRandomGraphs() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(10);
      double p = rnd.nextDouble();
      List<int[]> edges = new ArrayList<>();
      boolean[][] a = new boolean[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (rnd.nextDouble() < p) {
            edges.add(new int[] {i, j});
            a[i][j] = a[j][i] = true;
          }
        }
      }
      List<int[]> expected = new ArrayList<>();
      for (int mask = 1; mask < 1 << n; mask++) {
        if (Integer.bitCount(mask) < 2 || !clique(a, mask)) {
          continue;
        }
        boolean maximal = true;
        for (int v = 0; v < n && maximal; v++) {
          if ((mask >> v & 1) == 0 && clique(a, mask | 1 << v)) {
            maximal = false;
          }
        }
        if (maximal) {
          int m = mask;
          expected.add(java.util.stream.IntStream.range(0, n).filter(v -> (m >> v & 1) == 1).toArray());
        }
      }
      expected.sort(Arrays::compare);
      List<int[]> got = IdentityCliques.maximalCliques(graph(n, edges.toArray(new int[0][])));
      assertEquals(expected.size(), got.size());
      for (int i = 0; i < got.size(); i++) {
        assertArrayEquals(expected.get(i), got.get(i));
      }
    }
  }

  private static boolean clique(boolean[][] a, int mask) {
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        if ((mask >> i & 1) == 1 && (mask >> j & 1) == 1 && !a[i][j]) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void asymmetricAdjacencyRejected() {
    assertThrows(ReidInputException.class,
        () -> IdentityCliques.maximalCliques(List.of(new int[] {1}, new int[0])));
  }
}
