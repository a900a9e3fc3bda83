package dev.rolematch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./rolematch <command>}: one entry point for every front door. */
@Command(
    name = "rolematch",
    mixinStandardHelpOptions = true,
    version = "rolematch 0.1.0",
    description = "Semantic candidate-role matching: DJL sentence embeddings + Apache Lucene.",
    subcommands = {
      DemoCommand.class,
      IndexCommands.Add.class,
      IndexCommands.Remove.class,
      IndexCommands.Stats.class,
      IndexCommands.Reindex.class,
      CheckCommand.class,
      QueryCommands.Match.class,
      QueryCommands.Topic.class,
      QueryCommands.PostingsFor.class,
      EmbedCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      ServeCommand.class,
      RefreshCommands.Refresh.class,
      RefreshCommands.Scores.class,
      RefreshCommands.Export.class,
      SolrCommands.class,
      AuditCommand.class,
    })
public final class Main extends CommandGroup {

  /** Exit code for bad input or a failed precondition (the message says what to do). */
  public static final int EXIT_USAGE = 2;


  /** Kept referenced: java.util.logging holds loggers weakly, and a collected one forgets its level. */
  private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

  public static void main(String[] args) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    LUCENE_LOG.setLevel(java.util.logging.Level.WARNING); // not "vector API enabled" on every run
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionStrategy(parsed -> {
      // Recorded in the writer lock, so a second writer is told who holds the index.
      CommandLine.ParseResult leaf = parsed;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      dev.rolematch.index.IndexWriteLock.setProcessCommand(leaf.commandSpec().qualifiedName());
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (isUserError(e)) {
            cmd.getErr().println("rolematch: " + e.getMessage());
            return EXIT_USAGE;
          }
          throw e;
        });
    return cl;
  }

  /** Errors whose message is the whole story: no stack trace for the user. */
  static boolean isUserError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof IOException
        || e instanceof UncheckedIOException
        || e instanceof UserException;
  }
}
