package org.comicreid.worker.temporal;

import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import org.comicreid.core.pipeline.Stage;
import org.comicreid.core.pipeline.TaskQueues;
import org.comicreid.worker.bench.NoOpStages;

/**
 * TEST PROCESS: a {@code reid-gpu} worker in its own JVM, through the production {@link
 * WorkerRuntime}, with recording fake pretrain and fineTune stages. Each call appends {@code
 * <stage> <pid> <delivering task queue>} to the record file. Args: {@code <host:port>
 * <record file>}. Runs until its stdin closes or it is killed.
 */
public final class GpuWorkerMain {

  private GpuWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    Path record = Path.of(args[1]);
    long pid = ProcessHandle.current().pid();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    WorkerRuntime worker = WorkerRuntime.start(
        TemporalConnection.connect(target), TaskQueues.GPU, 1, TaskQueues::defaultFor,
        NoOpStages.registry(EnumSet.of(Stage.PRETRAIN, Stage.FINE_TUNE), (s, in) -> append(record,
            s.key() + " " + pid + " "
                + Activity.getExecutionContext().getInfo().getActivityTaskQueue() + "\n")),
        null, out, err);
    Runtime.getRuntime().addShutdownHook(new Thread(worker::shutdown));
    while (System.in.read() != -1) {
      // wait for the parent to close our stdin
    }
    worker.shutdown();
  }

  private static synchronized void append(Path file, String line) {
    try {
      Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
