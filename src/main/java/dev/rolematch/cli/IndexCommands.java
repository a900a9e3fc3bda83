package dev.rolematch.cli;

import dev.rolematch.index.IndexStats;
import dev.rolematch.app.CalibrationInUse;
import dev.rolematch.app.Home;
import dev.rolematch.app.Json;
import dev.rolematch.app.Session;
import dev.rolematch.app.StoreChoice;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexWriteLock;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.pipeline.Reindexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentIds;
import dev.rolematch.match.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that change or describe the index: add, remove, stats, reindex. */
final class IndexCommands {
  private IndexCommands() {}

  static DocKind kind(String s) {
    return DocKind.parse(s).orElseThrow(() -> new UserException("kind must be resume or posting, not '" + s + "'"));
  }

  static void printReport(Indexer.Report r, boolean json) {
    if (json) {
      Json.print(System.out, r);
      return;
    }
    System.out.printf("added %d, replaced %d, unchanged %d, failed %d; %d chunks, %d texts embedded%n",
        r.added(), r.replaced(), r.unchanged(), r.failed().size(), r.chunks(), r.embedded());
    for (String w : r.warnings()) {
      System.err.println("warning: " + w.replace("give it another id", "give it another id with --id"));
    }
    for (Indexer.Failure f : r.failed()) {
      System.err.println("failed: " + f.path() + ": " + f.reason());
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "add", description = "Add or update resumes or postings (files or folders of .txt .md .pdf .docx .jsonl).")
  static final class Add implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;

    @Parameters(index = "0", paramLabel = "resume|posting")
    String kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
    List<Path> paths;

    @Option(names = "--id", description = "id for a single file (default: file name)")
    String id;

    @Option(names = "--quantize", paramLabel = "none|int8", defaultValue = "none",
        description = "vector format of a new index: float HNSW or Lucene's int8 scalar-quantized HNSW")
    String quantize;

    @Option(names = "--chunk-tokens", defaultValue = "" + Indexer.DEFAULT_CHUNK_TOKENS,
        description = "resume chunk budget in tokens (default: ${DEFAULT-VALUE})")
    int chunkTokens;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--blind", description = "blind index: mask names, contact details, gender, age and the like in"
        + " every resume before it is stored (set when the index gets its first resume; README, Blind mode)")
    boolean blind;

    @Override
    public Integer call() throws Exception {
      boolean q = switch (quantize.toLowerCase(Locale.ROOT)) {
        case "none", "float" -> false;
        case "int8" -> true;
        default -> throw new UserException("--quantize must be none or int8");
      };
      DocKind k = kind(kind);
      if (id != null) {
        DocumentIds.check(id); // a bad --id fails before the model loads (exit 2)
      }
      try (Session s = Session.forWrites(indexOptions.layout(), indexOptions.model, indexOptions.device, q)) {
        if (k == DocKind.RESUME || blind) {
          s.writer().requireBlind(blind); // postings are never masked: they need no --blind
        }
        Indexer indexer = new Indexer(s.writer(), s.embedder, chunkTokens);
        Indexer.Report r;
        try {
          r = indexer.add(paths, k, id, path -> {
            if (!json) {
              System.err.println("reading " + path);
            }
          });
        } catch (IllegalArgumentException e) {
          throw id == null ? e : new UserException("--id: " + e.getMessage());
        }
        printReport(r, json);
        return r.failed().isEmpty() ? 0 : 1;
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "remove", description = "Remove documents by id.")
  static final class Remove implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;

    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
      IndexLayout layout = indexOptions.layout();
      if (!StoreChoice.exists(layout)) {
        throw new UserException("no index at " + StoreChoice.where(layout));
      }
      int missing = 0;
      try (Session s = Session.forWrites(layout, indexOptions.model, indexOptions.device, false)) {
        for (String id : ids) {
          if (s.writer().remove(id)) {
            System.out.println("removed " + id);
          } else {
            System.err.println("no document with id '" + id + "'");
            missing++;
          }
        }
        s.writer().commit();
      }
      return missing == 0 ? 0 : 1;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "stats", description = "What the index holds.")
  static final class Stats implements Callable<Integer> {
    @Mixin IndexOptions indexOptions;

    @Option(names = "--json") boolean json;

    @Option(names = "--ids", description = "also list document ids") boolean ids;

    record Output(String index, String model, String fingerprint, int dimension, boolean quantized, boolean blind,
        int postings, int resumes, int chunks, long sizeBytes, List<String> postingIds, List<String> resumeIds,
        CalibrationInfo calibration, int feedback) {}

    /** The calibration queries use: the index's own (feedback refit) or the shipped one, fitted from what and when. */
    record CalibrationInfo(String origin, String file, String source, String fittedAt, int fittedPairs,
        boolean calibrated, String note) {
      static CalibrationInfo of(CalibrationInUse in) {
        Calibration c = in.calibration();
        return new CalibrationInfo(in.origin(), in.file() == null ? null : in.file().toString(), c.source(),
            c.fittedAt(), c.fittedPairs(), c.isCalibrated(), in.note());
      }
    }

    @Override
    public Integer call() throws Exception {
      IndexLayout layout = indexOptions.layout();
      try (DocumentStore index = StoreChoice.openForRead(layout)) {
        IndexStats st = index.stats();
        List<String> p = ids ? index.all(DocKind.POSTING, false).stream().map(StoredDocument::id).toList() : null;
        List<String> r = ids ? index.all(DocKind.RESUME, false).stream().map(StoredDocument::id).toList() : null;
        Output o = new Output(StoreChoice.where(layout), st.info().modelId(), st.info().fingerprint(),
            st.info().dimension(), st.info().quantize(), st.info().blind(), st.postings(), st.resumes(), st.chunks(), st.sizeBytes(), p, r,
            CalibrationInfo.of(CalibrationInUse.forIndex(layout, st.info().modelId())),
            FeedbackStore.read(layout.feedback()).size());
        if (json) {
          Json.print(System.out, o);
        } else {
          System.out.printf("index %s%nmodel %s (%s…), %d-d, %s%nblind: %s%npostings %d, resumes %d, chunks %d, %.1f MB%n",
              o.index(), o.model(), o.fingerprint().substring(0, 12), o.dimension(),
              o.quantized() ? "int8 HNSW" : "float HNSW", o.blind(), o.postings(), o.resumes(), o.chunks(), o.sizeBytes() / 1e6);
          System.out.printf("calibration: %s (%s%s), fitted %s on %d pairs%nfeedback: %d verdicts%n",
              o.calibration().source(), o.calibration().origin(),
              o.calibration().file() == null ? "" : ": " + o.calibration().file(),
              o.calibration().fittedAt().isEmpty() ? "never" : o.calibration().fittedAt(), o.calibration().fittedPairs(),
              o.feedback());
          if (o.calibration().note() != null) {
            System.out.println("note: " + o.calibration().note());
          }
          if (ids) {
            System.out.println("posting ids: " + String.join(" ", p));
            System.out.println("resume ids: " + String.join(" ", r));
          }
        }
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "reindex", description = "Rebuild the index with another model from the stored texts.")
  static final class Reindex implements Callable<Integer> {
    @Option(names = "--index", paramLabel = "DIR") String index;

    @Option(names = "--model", required = true, paramLabel = "ID|FILE") String model;

    @Option(names = "--device", defaultValue = "auto") String device;

    @Option(names = "--chunk-tokens", defaultValue = "" + Indexer.DEFAULT_CHUNK_TOKENS) int chunkTokens;

    @Override
    public Integer call() throws Exception {
      IndexLayout layout = StoreChoice.layout(index, null);
      StoreChoice.requireEmbedded(layout, "reindex", "create a new collection (./rolematch solr configset --model "
          + model + "), add the documents to it with --model " + model + " and point --index at it");
      // Builds a new generation beside the current one under the writer lock, then switches to it
      // atomically: the old one stays usable (and unwritable) until the new one is complete.
      if (!RoleIndex.exists(layout)) {
        RoleIndex.openForRead(layout).close(); // throws the "no index" message
      }
      // Held from before the model loads until the switch: a second writer is refused at once.
      IndexWriteLock lock = IndexWriteLock.acquire(layout);
      Reindexer.Result r;
      TransformerEmbedder e;
      try {
        e = Embedders.open(Home.modelCatalog().resolve(model), DeviceChoice.parse(device));
      } catch (RuntimeException | java.io.IOException ex) {
        lock.close();
        throw ex;
      }
      try (e) {
        r = Reindexer.run(layout, lock, e, e.descriptor().normalize(), chunkTokens, System.err::println, step -> {});
      }
      for (String w : r.warnings()) {
        System.err.println("warning: " + w);
      }
      System.out.printf("reindexed %d documents: %s -> %s%n", r.documents(), r.fromModel(), r.toModel());
      return 0;
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
