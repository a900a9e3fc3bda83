package dev.rolematch.cli;

import dev.rolematch.app.Json;
import dev.rolematch.app.Session;
import dev.rolematch.eval.ParserEval;
import dev.rolematch.ingest.PostingParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rolematch eval parser}: does each line of a real posting land in the right kind? */
@Command(
    mixinStandardHelpOptions = true,
    name = "parser",
    description = {
      "Posting parser accuracy on postings with known sections (JSONL: title, responsibilities,"
          + " minimum, preferred).",
      "Each posting is rendered as markdown, flattened, renamed, flattened-renamed,"
          + " no-headings and flattened-no-colons text (the last two are not part of the goal);"
          + " right/lost/wrong are the mean shares of each item's words in"
          + " requirements of its kind, of no requirement, of another kind."
    })
final class ParserEvalCommand implements Callable<Integer> {

  static final String DEFAULT_DATA = "../shared/data/google_postings/postings.jsonl";

  @Option(names = "--data", paramLabel = "FILE",
      description = "postings JSONL (default: " + DEFAULT_DATA + " under the rolematch home)")
  Path data;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--min-accuracy", paramLabel = "X",
      description = "exit 1 when a shape of the goal (markdown, flattened, renamed, flattened-renamed) puts fewer than X of its items in the right kind")
  Double minAccuracy;

  @Option(names = "--misses", paramLabel = "N", defaultValue = "0",
      description = "also show up to N items per shape that did not fully land in their kind")
  int misses;

  record Output(String data, List<ParserEval.Row> shapes, Double minAccuracy, boolean passed) {}

  @Override
  public Integer call() throws Exception {
    Path file = data != null ? data : Session.home().resolve(DEFAULT_DATA).normalize();
    if (!Files.isRegularFile(file)) {
      throw new UserException("no such postings file: " + file + " (give one with --data)");
    }
    if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new UserException("--min-accuracy must be between 0 and 1: " + minAccuracy);
    }
    List<ParserEval.Posting> postings = ParserEval.read(file);
    if (postings.isEmpty()) {
      throw new UserException("no postings in " + file);
    }
    List<ParserEval.Row> rows = ParserEval.evaluate(postings, new PostingParser(), Math.max(0, misses));
    boolean passed = true;
    if (minAccuracy != null) {
      for (ParserEval.Row r : rows) {
        if (r.goal() && r.right() < minAccuracy) {
          passed = false;
        }
      }
    }
    if (json) {
      Json.print(System.out, new Output(file.toString(), rows, minAccuracy, passed));
    } else {
      System.out.println("data=" + file + " postings=" + postings.size());
      System.out.print(ParserEval.table(rows));
      System.out.println("right/lost/wrong: mean over items of the share of each item's words in a"
          + " requirement of its kind / in none / only in other kinds; words: right share weighted"
          + " by words; duty/must/nice: right by ground-truth kind; notes: postings with parser notes");
      for (ParserEval.Row r : rows) {
        if (!r.notes().isEmpty()) {
          System.out.println("notes (" + r.shape() + "):");
          for (Map.Entry<String, Integer> e : r.notes().entrySet()) {
            System.out.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey());
          }
        }
      }
      for (ParserEval.Row r : rows) {
        for (ParserEval.Miss m : r.misses()) {
          System.out.printf(Locale.ROOT, "miss %s %s %s right=%.2f lost=%.2f wrong=%.2f: %s%n",
              r.shape(), m.postingId(), m.kind(), m.right(), m.lost(), m.wrong(), m.item());
          for (String h : m.overlapping()) {
            System.out.println("    -> " + h);
          }
        }
      }
      if (minAccuracy != null) {
        System.out.printf(Locale.ROOT, "min-accuracy %.4f: %s%n", minAccuracy, passed ? "passed" : "FAILED");
      }
    }
    return passed ? 0 : 1;
  }
}
