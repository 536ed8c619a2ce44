package org.comicreid.catalog.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestDatabasesTest {

  @Test
  void missingPostgresSkipsOutsideCiAndFailsUnderCi() {
    TestAbortedException skipped =
        assertThrows(TestAbortedException.class, () -> TestDatabases.unavailable("no server", false));
    assertTrue(skipped.getMessage().contains("no server"), skipped.getMessage());
    AssertionFailedError failed =
        assertThrows(AssertionFailedError.class, () -> TestDatabases.unavailable("no server", true));
    assertTrue(failed.getMessage().contains("CI=true"), failed.getMessage());
  }

  @Test
  void postgresUrlForAnotherDatabaseKeepsHostAndParameters() {
    assertEquals(
        "jdbc:postgresql://127.0.0.1:55432/reid_t_x?ssl=false",
        pg("jdbc:postgresql://127.0.0.1:55432/reid_test?ssl=false").urlFor("reid_t_x"));
    assertEquals(
        "jdbc:postgresql://db/reid_t_x", pg("jdbc:postgresql://db/").urlFor("reid_t_x"));
    assertEquals(
        "jdbc:postgresql://db:5/reid_t_x", pg("jdbc:postgresql://db:5").urlFor("reid_t_x"));
  }

  private static TestDatabases.PgServer pg(String url) {
    return new TestDatabases.PgServer(url, "u", "p");
  }
}
