package org.comicreid.worker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.comicreid.core.ReidInputException;
import org.comicreid.core.ReidRunException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the {@code reid} command line.
 *
 * <p>Exit codes: 0 ok, 1 the run failed, 2 usage or input error. Errors are printed as one line
 * ({@code reid: error: ...}); {@code --verbose} adds the stack trace.
 */
@Command(
    name = "reid",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "comic-reid: comic character re-identification as durable Temporal workflows.",
    subcommands = {
      VersionCommand.class,
      RunCommand.class, SweepCommand.class, WorkerCommand.class, StatusCommand.class,
      CacheCommand.class, GateCommand.class, CompareCommand.class, AssignCommand.class,
      ConfigCommand.class, DatasetCommand.class,
      EvalEmbeddingsCommand.class, ClusterCommand.class, BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ReidMain implements Runnable {

  public static final int EXIT_OK = 0;
  public static final int EXIT_RUN_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  @Option(
      names = {"-v", "--verbose"},
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces on errors and more progress output.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests too). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    configureDjlOffline();
    CommandLine cl = newCommandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new ReidMain());
    cl.setExitCodeExceptionMapper(ReidMain::exitCodeFor);
    cl.setExecutionExceptionHandler(ReidMain::handleExecutionException);
    cl.setParameterExceptionHandler(ReidMain::handleParameterException);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  static int exitCodeFor(Throwable t) {
    Throwable root = unwrap(t);
    if (root instanceof ReidInputException || root instanceof CommandLine.ParameterException) {
      return EXIT_USAGE;
    }
    return EXIT_RUN_FAILED;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CommandLine.ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static boolean isVerbose(CommandLine cl) {
    CommandLine root = cl;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Object cmd = root.getCommand();
    return cmd instanceof ReidMain m && m.verbose;
  }

  private static int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    Throwable root = unwrap(ex);
    if (root instanceof ReidInputException || root instanceof ReidRunException) {
      err.println("reid: error: " + oneLine(root.getMessage()));
    } else {
      err.println(
          "reid: internal error: "
              + root.getClass().getSimpleName()
              + ": "
              + oneLine(String.valueOf(root.getMessage()))
              + (isVerbose(cl) ? "" : " (run with --verbose for the stack trace)"));
    }
    if (isVerbose(cl)) {
      root.printStackTrace(err);
    }
    err.flush();
    return exitCodeFor(root);
  }

  private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("reid: error: " + oneLine(ex.getMessage()));
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return EXIT_USAGE;
  }

  /** Collapses a message to one line so errors stay greppable. */
  static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * DJL must never try the network (engine start probes a cloud metadata address otherwise) and
   * must keep its native cache inside the project's work directory. Respect anything set already.
   */
  static void configureDjlOffline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("jna.tmpdir") == null) {
      System.setProperty("jna.tmpdir", Path.of(".reid", "tmp", "jna").toAbsolutePath().toString());
    }
    if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", Path.of(".reid", "djl").toAbsolutePath().toString());
    }
  }
}
