package io.tradingcore.jobs;

import picocli.CommandLine;

/** What every Trading Core command line shares. */
public final class CommandLines {
  private CommandLines() {}

  /**
   * {@code command}'s command line with Trading Core's error handling: a failure prints one clear
   * {@code error: …} line and exits 1; {@code -Dtradingcore.stacktraces=true} adds the stack trace.
   */
  public static CommandLine plainErrors(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          if (Boolean.getBoolean("tradingcore.stacktraces")) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    return cli;
  }
}
