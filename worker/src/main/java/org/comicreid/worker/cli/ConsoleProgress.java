package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import org.comicreid.activities.stages.ProgressSink;
import org.comicreid.core.pipeline.Stage;

/**
 * Prints stage progress under the stage lines of {@code reid run}. On a terminal, frequent
 * (transient) lines overwrite each other in place; otherwise (logs, CI) one is printed at most every
 * {@link #PLAIN_INTERVAL_NANOS} per stage, so a long training run leaves a readable trail.
 */
final class ConsoleProgress implements ProgressSink {
  static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final Map<Stage, Long> lastPlain = new EnumMap<>(Stage.class);
  private boolean pendingTransient;

  ConsoleProgress(PrintWriter out) {
    this(out, System.console() != null);
  }

  ConsoleProgress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void report(Stage stage, String message, boolean transientLine) {
    String line = "    " + stage.key() + ": " + message;
    if (transientLine) {
      if (terminal) {
        out.print("\r" + line + "\u001b[K");
        pendingTransient = true;
        out.flush();
        return;
      }
      long now = System.nanoTime();
      Long last = lastPlain.get(stage);
      if (last != null && now - last < PLAIN_INTERVAL_NANOS) {
        return;
      }
      lastPlain.put(stage, now);
    }
    if (pendingTransient) {
      out.print("\r\u001b[K");
      pendingTransient = false;
    }
    out.println(line);
    out.flush();
  }
}
