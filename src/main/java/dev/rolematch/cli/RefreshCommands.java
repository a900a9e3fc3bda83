package dev.rolematch.cli;

import dev.rolematch.refresh.RefreshFailure;
import dev.rolematch.refresh.RefreshOptions;
import dev.rolematch.refresh.RefreshProgress;
import dev.rolematch.refresh.RefreshSummary;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.app.Home;
import dev.rolematch.app.Json;
import dev.rolematch.bench.RefreshBench;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.app.StoreChoice;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.PairScorer;
import dev.rolematch.refresh.RefreshBusyException;
import dev.rolematch.refresh.Refresher;
import dev.rolematch.refresh.ScorerVersion;
import dev.rolematch.refresh.ScoresExport;
import dev.rolematch.refresh.ScoresStore;
import dev.rolematch.refresh.ScoresView;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Batch refresh front doors: {@code refresh}, {@code scores}, {@code export scores} and {@code
 * bench refresh}. Exit codes of {@code refresh}: 0 done, 1 some pairs failed (listed, stored as
 * failed rows, retried next run), 2 bad input ({@link Main#EXIT_USAGE}), 3 another refresh is
 * running on the same index ({@link #EXIT_BUSY}).
 */
final class RefreshCommands {
  private RefreshCommands() {}

  /** Exit code when another refresh holds the index's refresh lock. */
  static final int EXIT_BUSY = 3;

  /** The calibration {@code match} would use for this index (its own, else the shipped one): same scorer. */
  static PairScorer scorerFor(DocumentStore index) throws java.io.IOException {
    return new PairScorer(dev.rolematch.app.CalibrationInUse.forIndex(index.layout(), index.info().modelId())
        .calibration(), index.corpusStats());
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "refresh",
      description = {"Compute and store match scores of (posting, candidate) pairs from the stored vectors.",
          "Incremental: only pairs whose posting, resume, model or scorer changed are scored; a killed run",
          "resumes where it stopped. Exit: 0 done, 1 some pairs failed, 2 bad input, 3 another refresh is running."})
  static final class Refresh implements Callable<Integer> {
    @Option(names = "--index", paramLabel = "DIR|solr://...",
        description = "index folder (default: $ROLEMATCH_INDEX, else ./" + IndexLayout.DEFAULT_DIR + ")"
            + " or SolrCloud collection")
    String index;

    @Option(names = "--state", paramLabel = "DIR", description = "SolrCloud: the local state folder") Path state;

    @Option(names = "--postings", arity = "1..*", paramLabel = "all|ID",
        description = "postings to refresh (default: all)")
    List<String> postings;

    @Option(names = "--top", paramLabel = "K",
        description = "store the K best candidates per posting; rows outside the top K are removed; 0 stores"
            + " every pair, as --all-pairs (default: " + RefreshOptions.DEFAULT_TOP + ")")
    Integer top;

    @Option(names = "--all-pairs", description = "store every (posting, candidate) pair")
    boolean allPairs;

    @Option(names = "--threads", paramLabel = "N", description = "postings scored in parallel (default: processors)")
    Integer threads;

    @Option(names = "--throttle-ms", paramLabel = "MS",
        description = "pause this long before each posting, to leave a shared or serving machine room (default: 0)")
    long throttleMs;

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (top != null && allPairs) {
        throw new UserException("--top and --all-pairs exclude each other");
      }
      RefreshOptions o;
      try {
        o = RefreshOptions.defaults().withThrottle(throttleMs);
        if (threads != null) {
          o = o.withThreads(threads);
        }
        o = allPairs ? o.allPairs() : o.withTop(top != null ? top : RefreshOptions.DEFAULT_TOP);
      } catch (IllegalArgumentException e) {
        throw new UserException("--" + e.getMessage().replace("throttle ", "throttle-ms "));
      }
      if (postings != null && !(postings.size() == 1 && postings.get(0).equalsIgnoreCase("all"))) {
        o = o.withPostings(postings);
      }
      IndexLayout layout = StoreChoice.layout(index, state);
      try (DocumentStore idx = StoreChoice.openForRead(layout)) {
        Refresher r = new Refresher(idx, scorerFor(idx)); // reads stored vectors: no model is opened
        RefreshSummary s;
        try (Reporter progress = Reporter.create(System.err)) {
          s = r.run(o, progress);
        } catch (RefreshBusyException e) {
          System.err.println("rolematch: " + e.getMessage());
          return EXIT_BUSY;
        }
        if (json) {
          Json.print(System.out, s);
        } else {
          printSummary(System.out, s);
        }
        return s.failed() > 0 ? 1 : 0;
      }
    }

    static void printSummary(PrintStream out, RefreshSummary s) {
      if (s.scored() == 0 && s.failed() == 0 && s.removed() == 0) {
        out.printf(Locale.ROOT, "refresh: nothing changed, no pairs scored (%d fresh); %.1f s%n", s.fresh(), s.seconds());
      } else {
        out.printf(Locale.ROOT,
            "refresh: %d pairs scored, %d fresh (skipped), %d failed, %d rows removed, %d embedded; %d postings;"
                + " %.1f s (%.0f pairs/s)%n",
            s.scored(), s.fresh(), s.failed(), s.removed(), s.embedded(), s.postings(), s.seconds(), s.pairsPerSecond());
      }
      for (RefreshFailure f : s.failures()) {
        String what = f.postingId() == null ? "resume " + f.candidateId()
            : f.candidateId() == null ? "posting " + f.postingId() : f.postingId() + " x " + f.candidateId();
        System.err.println("failed: " + what + ": " + f.reason());
      }
    }
  }

  /** Progress for a terminal (bar with rate and ETA) or a log (a line on stderr every few seconds). */
  abstract static class Reporter implements RefreshProgress, AutoCloseable {
    static Reporter create(PrintStream err) {
      return isTerminal() ? new Bar(err) : new LogLines(err, 3000);
    }

    static boolean isTerminal() {
      java.io.Console c = System.console();
      if (c == null) {
        return false;
      }
      try { // Java 22+: a Console exists even when redirected; ask whether it is a terminal
        return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
      } catch (ReflectiveOperationException e) {
        return true;
      }
    }

    @Override
    public void close() {
      finish();
    }
  }

  static final class Bar extends Reporter {
    private final PrintStream err;
    private ProgressBar bar;

    Bar(PrintStream err) {
      this.err = err;
    }

    @Override
    public synchronized void total(long pairs) {
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName("refresh").setInitialMax(pairs).setUnit(" pairs", 1)
            .showSpeed().setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
            .setUpdateIntervalMillis(250).build();
      } else {
        bar.maxHint(pairs);
      }
    }

    @Override
    public synchronized void advance(long pairs) {
      if (bar != null) {
        bar.stepBy(pairs);
      }
    }

    @Override
    public synchronized void finish() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /** {@code refresh: 1200/4000 pairs (30%), 5400 pairs/s, ETA 1s} every few seconds. */
  static final class LogLines extends Reporter {
    private final PrintStream err;
    private final long everyNanos;
    private final long start = System.nanoTime();
    private long last = System.nanoTime();
    private long total;
    private long done;

    LogLines(PrintStream err, long everyMillis) {
      this.err = err;
      this.everyNanos = everyMillis * 1_000_000L;
    }

    @Override
    public synchronized void total(long pairs) {
      total = pairs;
    }

    @Override
    public synchronized void advance(long pairs) {
      done += pairs;
      long now = System.nanoTime();
      if (now - last >= everyNanos) {
        last = now;
        err.println(line(now));
      }
    }

    String line(long now) {
      double secs = Math.max(1e-9, (now - start) / 1e9);
      double rate = done / secs;
      long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
      return String.format(Locale.ROOT, "refresh: %d/%d pairs (%d%%), %.0f pairs/s, ETA %s", done, total,
          total == 0 ? 100 : done * 100 / total, rate, eta < 0 ? "?" : eta + "s");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "scores", description = "Stored scores of a posting, best first, with staleness.")
  static final class Scores implements Callable<Integer> {
    @Option(names = "--index", paramLabel = "DIR|solr://...", description = "index folder or SolrCloud collection")
    String index;

    @Option(names = "--state", paramLabel = "DIR", description = "SolrCloud: the local state folder") Path state;

    @Option(names = "--posting", required = true, paramLabel = "ID") String posting;

    @Option(names = "--stale", description = "only rows that are stale (or failed)") boolean staleOnly;

    @Option(names = "--top", paramLabel = "K", description = "at most K rows (default: all stored)") Integer top;

    @Option(names = "--json") boolean json;

    @Override
    public Integer call() throws Exception {
      if (top != null && top < 1) {
        throw new UserException("--top must be at least 1");
      }
      IndexLayout layout = StoreChoice.layout(index, state);
      try (DocumentStore idx = StoreChoice.openForRead(layout); ScoresStore store = ScoresStore.openForRead(layout)) {
        String version = ScorerVersion.of(scorerFor(idx));
        ScoresView.Listing l = ScoresView.list(idx, store, posting, version);
        if (l.rows().isEmpty() && idx.sha256Of(posting).isEmpty()) {
          throw new UserException("no scores and no posting with id '" + posting + "'");
        }
        ScoresView.Report o = ScoresView.report(l, staleOnly, top);
        List<ScoresView.ReportRow> rows = o.rows();
        if (json) {
          Json.print(System.out, o);
          return 0;
        }
        System.out.printf("posting %s: %s%n", posting, o.state());
        if (o.candidatesChanged()) {
          System.out.println("  note: resumes were added, changed or removed since; run ./rolematch refresh");
        }
        if (rows.isEmpty()) {
          System.out.println(staleOnly ? "  no stale rows" : "  no rows");
        }
        for (ScoresView.ReportRow r : rows) {
          System.out.printf(Locale.ROOT, "%4d. %6s  %-28s %s%n", r.rank(),
              r.row().score() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.row().score()),
              r.row().candidateId(), r.stale() ? "STALE: " + String.join(", ", r.staleReasons()) : "fresh");
        }
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "export", description = "Export stored data.", subcommands = {ExportScores.class})
  static final class Export extends CommandGroup {
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "scores", description = "Stream every stored score row to CSV or JSON Lines.")
  static final class ExportScores implements Callable<Integer> {
    @Option(names = "--index", paramLabel = "DIR|solr://...", description = "index folder or SolrCloud collection")
    String index;

    @Option(names = "--state", paramLabel = "DIR", description = "SolrCloud: the local state folder") Path state;

    @Option(names = "--format", required = true, paramLabel = "csv|jsonl") String format;

    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    @Override
    public Integer call() throws Exception {
      ScoresExport.Format f;
      try {
        f = ScoresExport.Format.parse(format);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      IndexLayout layout = StoreChoice.layout(index, state);
      try (ScoresStore store = ScoresStore.openForRead(layout)) {
        long n = ScoresExport.write(store, f, out);
        System.err.printf("exported %d rows to %s%n", n, out);
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "refresh",
      description = "Refresh throughput from stored vectors on generated data (no model needed).")
  static final class BenchRefresh implements Callable<Integer> {
    @Option(names = "--resumes", split = ",", defaultValue = "10000,20000", paramLabel = "N[,N...]",
        description = "resume counts (default: ${DEFAULT-VALUE})")
    List<Integer> resumes;

    @Option(names = "--postings", defaultValue = "20", paramLabel = "M") int postings;

    @Option(names = "--threads", paramLabel = "N", description = "default: processors") Integer threads;

    @Option(names = "--top", defaultValue = "" + RefreshOptions.DEFAULT_TOP, paramLabel = "K") int top;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to build the index (default: a temporary folder)")
    Path dir;

    @Option(names = "--keep", description = "keep the generated index in --dir and reuse it next time (only the "
        + "missing resumes are added; generation is deterministic)")
    boolean keep;

    @Override
    public Integer call() throws Exception {
      if (resumes.stream().anyMatch(n -> n < 1) || postings < 1) {
        throw new UserException("--resumes and --postings must be at least 1");
      }
      if (keep && dir == null) {
        throw new UserException("--keep needs --dir DIR (where the generated index is kept)");
      }
      Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("rolematch-bench-refresh");
      try {
        RefreshBench.run(resumes, postings, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
            top, work, keep, System.out);
      } finally {
        if (!keep) {
          dev.rolematch.index.Generations.deleteTree(work);
        }
      }
      return 0;
    }
  }
}
