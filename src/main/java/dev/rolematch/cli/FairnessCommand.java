package dev.rolematch.cli;

import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.app.Home;
import dev.rolematch.app.Json;
import dev.rolematch.app.Session;
import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedder;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.embed.Role;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentReader;
import dev.rolematch.ingest.SourceDocument;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.QueryProfile;
import dev.rolematch.match.Taxonomy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rolematch eval fairness}: counterfactual stability. Each sample resume gets a copy with
 * the given name and the gendered words swapped ({@link Counterfactual}); originals and copies are
 * indexed in temporary indexes, blind and not blind, and every sample posting and a few taxonomy
 * topics are scored against every resume of both. The table gives the score deltas (copy minus
 * original, absolute) and rank changes per mode: how much a name and a pronoun move a candidate.
 */
@Command(mixinStandardHelpOptions = true, name = "fairness",
    description = {"Counterfactual stability: score deltas and rank changes when names and gendered words are swapped,",
        "blind and not blind (README, Blind mode)."})
final class FairnessCommand implements Callable<Integer> {

  @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
      description = "sample resumes to use (default: ${DEFAULT-VALUE}; embedding is slow on CPUs)")
  int limit;

  @Option(names = "--model", paramLabel = "ID|FILE", defaultValue = Session.DEFAULT_MATCH_MODEL,
      description = "embedding model (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu") String device;

  @Option(names = "--topics", split = ",", paramLabel = "ID",
      defaultValue = "nlp,computer-vision,backend-development,cell-biology,marketing",
      description = "taxonomy topics to score as well (default: ${DEFAULT-VALUE})")
  List<String> topics;

  @Option(names = "--data", paramLabel = "DIR", description = "folder with resumes/ and postings/ (default: ./data)")
  Path data;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  record Row(String mode, int resumes, int queries, int pairs, double meanDelta, double p95Delta, double maxDelta,
      double meanRankChange, int maxRankChange, int pairsWithRankChange, int identicalTexts, List<String> differing) {}

  record Output(String model, List<String> topics, List<Swap> swaps, List<Row> rows) {}

  record Swap(String id, String from, String to, String fromGender, String toGender) {}

  @Override
  public Integer call() throws Exception {
    Path home = data != null ? data : Session.home().resolve("data");
    if (!Files.isDirectory(home.resolve("resumes")) || !Files.isDirectory(home.resolve("postings"))) {
      throw new UserException("no sample data at " + home + " (resumes/ and postings/); give --data DIR");
    }
    if (limit < 1) {
      throw new UserException("--limit must be at least 1");
    }
    DocumentReader reader = new DocumentReader();
    List<SourceDocument> originals = new ArrayList<>();
    List<SourceDocument> swapped = new ArrayList<>();
    List<Swap> swaps = new ArrayList<>();
    for (SourceDocument d : reader.readAll(home.resolve("resumes"), DocKind.RESUME, msg -> {})) {
      if (originals.size() >= limit) {
        break;
      }
      Counterfactual.Copy c = Counterfactual.of(d.text(), d.id());
      if (c == null) {
        continue; // no name line to swap
      }
      originals.add(d);
      swapped.add(new SourceDocument(d.id(), d.kind(), DocumentReaderTitles.titleOf(c.text()), d.sourcePath(), c.text(),
          d.metadata(), List.of()));
      swaps.add(new Swap(d.id(), c.fromName(), c.toName(), c.fromGender().name().toLowerCase(Locale.ROOT),
          c.toGender().name().toLowerCase(Locale.ROOT)));
    }
    List<Row> rows = new ArrayList<>();
    try (TransformerEmbedder e = Embedders.open(Home.modelCatalog().resolve(model), DeviceChoice.parse(device))) {
      CachingEmbedder cached = new CachingEmbedder(e);
      Calibration cal = Calibration.load(Home.calibrationDir(), e.identity().id());
      Taxonomy taxonomy = Taxonomy.load(Home.taxonomyFile());
      for (boolean blind : new boolean[] {false, true}) {
        System.err.println("fairness: " + (blind ? "blind" : "not blind") + ", " + originals.size() + " resumes");
        Scores a = score(home, originals, blind, cached, e.descriptor().normalize(), cal, taxonomy);
        Scores b = score(home, swapped, blind, cached, e.descriptor().normalize(), cal, taxonomy);
        rows.add(compare(blind ? "blind" : "not blind", a, b));
      }
    }
    Output out = new Output(model, topics, swaps, rows);
    if (json) {
      Json.print(System.out, out);
    } else {
      print(out);
    }
    return 0;
  }

  /** Scores of every (query, resume) pair of one index, and the stored resume texts. */
  record Scores(Map<String, Map<String, Double>> byQuery, Map<String, String> texts) {}

  private Scores score(Path home, List<SourceDocument> resumes, boolean blind, Embedder embedder, boolean normalized,
      Calibration cal, Taxonomy taxonomy) throws IOException {
    Path dir = Files.createTempDirectory("rolematch-fairness-");
    try {
      IndexLayout layout = new IndexLayout(dir);
      try (RoleIndexWriter index = RoleIndex.openForWrite(layout,
          dev.rolematch.pipeline.Stores.wanted(embedder.identity(), false, normalized))) {
        index.requireBlind(blind);
        Indexer indexer = new Indexer(index, embedder, Indexer.DEFAULT_CHUNK_TOKENS);
        Indexer.Report p = indexer.add(List.of(home.resolve("postings")), DocKind.POSTING, null, x -> {});
        for (Indexer.Failure f : p.failed()) {
          System.err.println("fairness: posting not indexed: " + f.path() + ": " + f.reason());
        }
        for (SourceDocument d : resumes) {
          index.upsert(indexer.embed(d, Indexer.sha256(d.text())));
        }
        index.commit();
        Matcher matcher = new Matcher(index, embedder, cal, taxonomy);
        Map<String, QueryProfile> queries = new LinkedHashMap<>();
        for (StoredDocument posting : index.all(DocKind.POSTING, true)) {
          queries.put("posting:" + posting.id(), Matcher.postingProfile(posting));
        }
        for (String t : topics) {
          queries.put("topic:" + t, matcher.topicProfile(t, new ArrayList<>()));
        }
        List<StoredDocument> stored = index.all(DocKind.RESUME, true);
        Map<String, String> texts = new HashMap<>();
        for (StoredDocument d : stored) {
          texts.put(d.id(), d.text());
        }
        Map<String, Map<String, Double>> byQuery = new LinkedHashMap<>();
        for (var q : queries.entrySet()) {
          Map<String, Double> s = new HashMap<>();
          for (StoredDocument d : stored) {
            s.put(d.id(), matcher.scorer().score(q.getValue(), CandidateProfile.of(d)).score());
          }
          byQuery.put(q.getKey(), s);
        }
        return new Scores(byQuery, texts);
      }
    } finally {
      IndexCommands.deleteTree(dir);
    }
  }

  static Row compare(String mode, Scores a, Scores b) {
    List<Double> deltas = new ArrayList<>();
    List<Integer> rankChanges = new ArrayList<>();
    for (var q : a.byQuery().entrySet()) {
      Map<String, Double> sa = q.getValue();
      Map<String, Double> sb = b.byQuery().get(q.getKey());
      Map<String, Integer> ra = ranks(sa);
      Map<String, Integer> rb = ranks(sb);
      for (String id : sa.keySet()) {
        deltas.add(Math.abs(sb.get(id) - sa.get(id)));
        rankChanges.add(Math.abs(rb.get(id) - ra.get(id)));
      }
    }
    double[] d = deltas.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int identical = 0;
    List<String> differing = new ArrayList<>();
    for (var t : a.texts().entrySet()) {
      if (t.getValue().equals(b.texts().get(t.getKey()))) {
        identical++;
      } else {
        differing.add(t.getKey());
      }
    }
    differing.sort(null);
    return new Row(mode, a.texts().size(), a.byQuery().size(), d.length, Arrays.stream(d).average().orElse(0),
        d.length == 0 ? 0 : d[Math.min(d.length - 1, (int) Math.ceil(0.95 * d.length) - 1)],
        d.length == 0 ? 0 : d[d.length - 1], rankChanges.stream().mapToInt(Integer::intValue).average().orElse(0),
        rankChanges.stream().mapToInt(Integer::intValue).max().orElse(0),
        (int) rankChanges.stream().filter(r -> r != 0).count(), identical, differing);
  }

  /** 1-based rank of each id by descending score (ties by id). */
  static Map<String, Integer> ranks(Map<String, Double> scores) {
    List<String> ids = new ArrayList<>(scores.keySet());
    ids.sort(Comparator.comparing((String id) -> -scores.get(id)).thenComparing(Comparator.naturalOrder()));
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      out.put(ids.get(i), i + 1);
    }
    return out;
  }

  private static void print(Output o) {
    System.out.printf(Locale.ROOT, "model %s; %d resumes with swapped names and gendered words; queries: every sample"
        + " posting + topics %s%n", o.model(), o.swaps().size(), String.join(", ", o.topics()));
    for (Swap s : o.swaps()) {
      System.out.printf(Locale.ROOT, "  %-24s %s (%s) -> %s (%s)%n", s.id(), s.from(), s.fromGender(), s.to(),
          s.toGender());
    }
    System.out.println();
    System.out.println("| mode | resumes | queries | pairs | mean Δscore | p95 Δscore | max Δscore | mean Δrank"
        + " | max Δrank | pairs whose rank changed | identical stored texts |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Row r : o.rows()) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.6f | %.6f | %.6f | %.3f | %d | %d | %d/%d |%n", r.mode(),
          r.resumes(), r.queries(), r.pairs(), r.meanDelta(), r.p95Delta(), r.maxDelta(), r.meanRankChange(),
          r.maxRankChange(), r.pairsWithRankChange(), r.identicalTexts(), r.resumes());
    }
    for (Row r : o.rows()) {
      if (r.mode().equals("blind") && !r.differing().isEmpty()) {
        System.out.println("blind: masked texts differ for " + String.join(", ", r.differing())
            + " (masking missed something the swap changed)");
      }
    }
  }

  /**
   * Embeds each distinct text once per run: the postings and topics are the same in all four
   * indexes, and a blind copy masks to its original's text. Identical texts get identical vectors
   * anyway; the cache only saves the time.
   */
  static final class CachingEmbedder implements Embedder {
    private final Embedder inner;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    CachingEmbedder(Embedder inner) {
      this.inner = inner;
    }

    @Override
    public ModelIdentity identity() {
      return inner.identity();
    }

    @Override
    public int maxTokens() {
      return inner.maxTokens();
    }

    @Override
    public int countTokens(String text) {
      return inner.countTokens(text);
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      float[][] out = new float[texts.size()][];
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        out[i] = cache.get(role + "\u0000" + texts.get(i));
        if (out[i] == null && !missing.contains(texts.get(i))) {
          missing.add(texts.get(i));
        }
      }
      if (!missing.isEmpty()) {
        float[][] v = inner.embed(missing, role);
        for (int i = 0; i < missing.size(); i++) {
          cache.put(role + "\u0000" + missing.get(i), v[i]);
        }
        for (int i = 0; i < texts.size(); i++) {
          if (out[i] == null) {
            out[i] = cache.get(role + "\u0000" + texts.get(i));
          }
        }
      }
      return out;
    }

    @Override
    public long truncatedCount() {
      return inner.truncatedCount();
    }

    @Override
    public long embeddedCount() {
      return inner.embeddedCount();
    }

    @Override
    public void close() {
      // the caller closes the model
    }
  }

  /** The reader's title rule (first non-empty line, markup stripped) for the swapped text. */
  static final class DocumentReaderTitles {
    private DocumentReaderTitles() {}

    static String titleOf(String text) {
      for (String line : text.split("\n")) {
        String t = line.strip().replaceFirst("^#{1,6}\\s*", "").replace("**", "").strip();
        if (!t.isEmpty()) {
          return t.length() <= 120 ? t : t.substring(0, 120).strip();
        }
      }
      return "";
    }
  }
}
