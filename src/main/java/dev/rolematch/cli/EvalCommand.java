package dev.rolematch.cli;

import dev.rolematch.app.Json;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.eval.StsEval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rolematch eval ...}: quality measurements. */
@Command(
    mixinStandardHelpOptions = true,
    name = "eval",
    description = "Measure quality.",
    subcommands = {EvalCommand.Sts.class, EvalRunCommand.class, EvalRunCommand.Regressions.class,
        EvalRunCommand.Ranking.class, EvalRunCommand.Calibrate.class, FairnessCommand.class, ParserEvalCommand.class})
final class EvalCommand extends CommandGroup {


  @Command(
      mixinStandardHelpOptions = true,
      name = "sts", description = "Spearman correlation of cosine vs gold on STS-B data.")
  static final class Sts implements Callable<Integer> {
    @Mixin ModelOptions modelOptions;

    @Option(names = "--data", required = true, paramLabel = "FILE",
        description = "STS-B tab-separated file (genre, file, year, id, score, s1, s2)")
    Path data;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    record Output(String model, int pairs, double spearman, double seconds) {}

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(data)) {
        throw new UserException("no such STS file: " + data);
      }
      try (TransformerEmbedder embedder = modelOptions.open()) {
        StsEval.Result r = StsEval.run(embedder, data);
        if (json) {
          Json.print(System.out, new Output(embedder.identity().id(), r.pairs(), r.spearman(), r.seconds()));
        } else {
          System.out.printf(Locale.ROOT, "model=%s pairs=%d skipped=%d embed_seconds=%.1f%n",
              embedder.identity().id(), r.pairs(), r.skipped(), r.seconds());
          System.out.printf(Locale.ROOT, "spearman=%.4f%n", r.spearman());
        }
      }
      return 0;
    }
  }
}
