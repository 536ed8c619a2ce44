package org.comicreid.worker.cli;

import java.util.concurrent.Callable;
import org.comicreid.core.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reid version}: the code version, git commit and runtime. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the comic-reid version, git commit and runtime.")
public final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : new Provider().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
    return 0;
  }

  /** Shared by {@code reid --version} and {@code reid version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.current();
      return new String[] {
        "comic-reid " + b.version(),
        "commit " + b.codeVersion(),
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        "os " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
      };
    }
  }
}
