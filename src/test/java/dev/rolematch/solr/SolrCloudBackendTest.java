package dev.rolematch.solr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.index.CorpusStats;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.Filters;
import dev.rolematch.index.IndexInfo;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexMismatchException;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.index.WriteOutcome;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.Evidence;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.MatchResult;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.Taxonomy;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.pipeline.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SolrCloud backend on a real cluster: two Solr 9 nodes with embedded ZooKeeper in a child
 * JVM ({@link LocalSolrCluster}), a collection of 2 shards × 2 replicas. The sample data goes into
 * both backends; the matcher must answer the same on both (same documents back, same corpus
 * statistics, same top 10, scores and evidence), keep answering while a node is down, lose nothing
 * written during the outage, and fail in words when the model, the cluster or the collection is wrong.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolrCloudBackendTest {

  static final String MODEL = "all-minilm-l6-v2";

  @TempDir static Path tmp;

  static TransformerEmbedder embedder;
  static LocalSolrCluster cluster;
  static RoleIndexWriter lucene;
  static SolrStore solr;
  static Matcher onLucene;
  static Matcher onSolr;
  static IndexInfo wanted;

  @BeforeAll
  static void start() throws Exception {
    embedder = Embedders.open(new ModelCatalog(Path.of("models")).resolve(MODEL), DeviceChoice.CPU);
    wanted = Stores.wanted(embedder.identity(), false, embedder.descriptor().normalize());
    Path configset = SolrConfigset.write(tmp.resolve("configset"), embedder.identity().dimension());
    Files.createDirectories(Path.of("target"));
    // The cluster comes up in its own JVM while the sample data is embedded into Lucene here.
    java.util.concurrent.CompletableFuture<LocalSolrCluster> starting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return LocalSolrCluster.start(Path.of(""), tmp.resolve("cluster"), configset, "rolematch",
            Path.of("target/solr-cluster-test.log").toAbsolutePath());
      } catch (IOException | InterruptedException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });

    lucene = RoleIndex.openForWrite(new IndexLayout(tmp.resolve("lucene")), wanted);
    Indexer luceneIndexer = new Indexer(lucene, embedder, Indexer.DEFAULT_CHUNK_TOKENS);
    luceneIndexer.add(List.of(Path.of("data/resumes")), DocKind.RESUME, null, s -> {});
    luceneIndexer.add(List.of(Path.of("data/postings")), DocKind.POSTING, null, s -> {});
    lucene.commit();
    cluster = starting.join();

    // The same documents (vectors embedded once) go to Solr: parity then tests storage and search.
    // Resumes, commit, postings, commit: the order of the Lucene build, so both backends freeze
    // their corpus statistics at the same point (CorpusStats: retaken only on drift).
    solr = SolrStore.openForWrite(cluster.target(), new IndexLayout(tmp.resolve("solr-state")), wanted);
    for (DocKind kind : List.of(DocKind.RESUME, DocKind.POSTING)) {
      for (StoredDocument d : lucene.all(kind, true)) {
        assertEquals(WriteOutcome.ADDED, solr.upsert(d));
      }
      solr.commit();
    }

    Calibration cal = Calibration.load(Calibration.standardDir(Path.of("")), MODEL);
    Taxonomy taxonomy = Taxonomy.load(Taxonomy.standardFile(Path.of("")));
    onLucene = new Matcher(lucene, embedder, cal, taxonomy);
    onSolr = new Matcher(solr, embedder, cal, taxonomy);
  }

  /** The largest score and evidence-similarity differences seen between the backends (reported). */
  static double maxScoreDelta;
  static double maxSimilarityDelta;
  static int comparedResults;

  @AfterAll
  static void stop() throws Exception {
    System.out.printf(java.util.Locale.ROOT, "SolrCloudBackendTest parity: %d results compared, max |score delta| %.3g,"
        + " max |evidence similarity delta| %.3g%n", comparedResults, maxScoreDelta, maxSimilarityDelta);
    for (AutoCloseable c : new AutoCloseable[] {solr, lucene, cluster}) {
      if (c != null) {
        c.close();
      }
    }
    if (embedder != null) {
      embedder.close();
    }
  }

  @Test
  @Order(1)
  void documentsComeBackBitForBit() throws IOException {
    assertEquals(lucene.info(), solr.info());
    var ls = lucene.stats();
    var ss = solr.stats();
    assertEquals(List.of(ls.postings(), ls.resumes(), ls.chunks()), List.of(ss.postings(), ss.resumes(), ss.chunks()));
    assertTrue(ls.resumes() > 50 && ls.postings() > 10, "the sample data is indexed");
    for (DocKind kind : DocKind.values()) {
      List<StoredDocument> a = lucene.all(kind, true);
      List<StoredDocument> b = solr.all(kind, true);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertSameDocument(a.get(i), b.get(i));
      }
      assertEquals(lucene.sha256s(kind), solr.sha256s(kind));
    }
    StoredDocument one = lucene.all(DocKind.RESUME, false).get(3);
    assertSameDocument(lucene.get(one.id(), true).orElseThrow(), solr.get(one.id(), true).orElseThrow());
    assertEquals(lucene.kindOf(one.id()), solr.kindOf(one.id()));
    assertFalse(solr.get("no-such-id", true).isPresent());
  }

  static void assertSameDocument(StoredDocument a, StoredDocument b) {
    String id = a.id();
    assertEquals(a.id(), b.id());
    assertEquals(a.kind(), b.kind(), id);
    assertEquals(a.title(), b.title(), id);
    assertEquals(a.source(), b.source(), id);
    assertEquals(a.text(), b.text(), id);
    assertEquals(a.sha256(), b.sha256(), id);
    assertEquals(a.metadata(), b.metadata(), id);
    assertEquals(a.warnings(), b.warnings(), id);
    assertArrayEquals(a.docVector(), b.docVector(), 0f, id);
    assertArrayEquals(a.titleVector(), b.titleVector(), 0f, id);
    assertEquals(a.terms(), b.terms(), id);
    assertEquals(a.chunks().size(), b.chunks().size(), id);
    for (int i = 0; i < a.chunks().size(); i++) {
      IndexedChunk x = a.chunks().get(i);
      IndexedChunk y = b.chunks().get(i);
      assertEquals(List.of(x.ordinal(), x.section(), x.requirementKind(), x.text()),
          List.of(y.ordinal(), y.section(), y.requirementKind(), y.text()), id + " chunk " + i);
      assertArrayEquals(x.vector(), y.vector(), 0f, id + " chunk " + i); // delta 0: the same floats
    }
  }

  @Test
  @Order(2)
  void corpusStatisticsAgreeWithLucenesTermsDictionary() throws IOException {
    CorpusStats a = lucene.corpusStats();
    CorpusStats b = solr.corpusStats();
    assertTrue(a.docs() > 50);
    assertEquals(a.docs(), b.docs());
    assertEquals(a.averageLength(), b.averageLength());
    assertEquals(a.df(), b.df());
    assertEquals(a.fingerprint(), b.fingerprint());
    // and computed now over every document, as Lucene's terms dictionary counts them
    CorpusStats fromLucene = lucene.withSearcher(CorpusStats::of);
    CorpusStats fromSolr = solr.computeStats();
    assertTrue(fromLucene.docs() > a.docs(), "postings came after the snapshot");
    assertEquals(fromLucene.docs(), fromSolr.docs());
    assertEquals(fromLucene.averageLength(), fromSolr.averageLength());
    assertEquals(fromLucene.df(), fromSolr.df());
    assertEquals(fromLucene.fingerprint(), fromSolr.fingerprint());
  }

  static final Filters FILTERED = new Filters("python", null, 1);

  @Test
  @Order(3)
  void sameTopTenScoresAndEvidenceForPostingTopicAndCandidate() throws IOException {
    String posting = lucene.all(DocKind.POSTING, false).get(0).id();
    String resume = lucene.all(DocKind.RESUME, false).get(0).id();
    for (Filters f : new Filters[] {Filters.NONE, FILTERED, new Filters(null, "CA", null)}) {
      StoredDocument p = lucene.get(posting, true).orElseThrow();
      assertSameAnswer(onLucene.matchPosting(Matcher.postingProfile(p), f, 10, new ArrayList<>()),
          onSolr.matchPosting(Matcher.postingProfile(solr.get(posting, true).orElseThrow()), f, 10, new ArrayList<>()),
          "posting " + posting + " " + f, f == Filters.NONE);
      assertSameAnswer(onLucene.topic("NLP", f, 10), onSolr.topic("NLP", f, 10), "topic NLP " + f, true);
      assertSameAnswer(onLucene.topic("computer vision for medical images", f, 10),
          onSolr.topic("computer vision for medical images", f, 10), "free topic " + f, f == Filters.NONE);
      assertSameAnswer(onLucene.postingsFor(resume, f, 10), onSolr.postingsFor(resume, f, 10), "postings for " + resume,
          f == Filters.NONE);
    }
  }

  static void assertSameAnswer(MatchResponse a, MatchResponse b, String what) {
    assertSameAnswer(a, b, what, true);
  }

  static void assertSameAnswer(MatchResponse a, MatchResponse b, String what, boolean requireResults) {
    if (requireResults) {
      assertFalse(a.results().isEmpty(), what + ": no results on Lucene");
    }
    assertEquals(a.results().stream().map(MatchResult::id).toList(), b.results().stream().map(MatchResult::id).toList(),
        what + ": top ids");
    for (int i = 0; i < a.results().size(); i++) {
      MatchResult x = a.results().get(i);
      MatchResult y = b.results().get(i);
      assertEquals(x.score(), y.score(), 1e-6, what + " " + x.id());
      maxScoreDelta = Math.max(maxScoreDelta, Math.abs(x.score() - y.score()));
      comparedResults++;
      assertEquals(x.mustHaves(), y.mustHaves(), what + " " + x.id());
      assertEquals(x.metadata(), y.metadata(), what + " " + x.id());
      assertEquals(x.evidence().size(), y.evidence().size(), what + " " + x.id());
      for (int e = 0; e < x.evidence().size(); e++) {
        Evidence ex = x.evidence().get(e);
        Evidence ey = y.evidence().get(e);
        assertEquals(List.of(ex.requirement(), ex.kind(), ex.snippet(), String.valueOf(ex.status())),
            List.of(ey.requirement(), ey.kind(), ey.snippet(), String.valueOf(ey.status())), what + " " + x.id());
        assertEquals(ex.similarity(), ey.similarity(), 1e-6, what + " " + x.id());
        maxSimilarityDelta = Math.max(maxSimilarityDelta, Math.abs(ex.similarity() - ey.similarity()));
      }
    }
  }

  @Test
  @Order(4)
  void rewritesReplaceWholeBlocksAndRemovesTakeTheChunksAlong() throws IOException {
    StoredDocument d = lucene.all(DocKind.RESUME, true).get(1);
    assertEquals(WriteOutcome.UNCHANGED, solr.upsert(d));
    StoredDocument shorter = new StoredDocument(d.id(), d.kind(), d.title(), d.source(), d.text() + " (edited)",
        "edited-" + d.sha256(), d.metadata(), d.warnings(), d.docVector(), d.chunks().subList(0, 1), null,
        d.titleVector());
    int chunksBefore = solr.stats().chunks();
    assertEquals(WriteOutcome.REPLACED, solr.upsert(shorter));
    solr.commit();
    assertEquals(chunksBefore - d.chunks().size() + 1, solr.stats().chunks());
    assertEquals(1, solr.get(d.id(), true).orElseThrow().chunks().size());
    var refused = assertThrows(IllegalArgumentException.class, () -> solr.upsert(new StoredDocument(d.id(),
        DocKind.POSTING, d.title(), d.source(), d.text(), "x", d.metadata(), d.warnings(), d.docVector(), d.chunks())));
    assertTrue(refused.getMessage().contains("is already a resume"), refused.getMessage());
    assertTrue(solr.remove(d.id()));
    solr.commit();
    assertEquals(chunksBefore - d.chunks().size(), solr.stats().chunks());
    assertFalse(solr.remove(d.id()));
    assertEquals(WriteOutcome.ADDED, solr.upsert(d)); // put back for the tests after this one
    solr.commit();
    assertEquals(chunksBefore, solr.stats().chunks());
  }

  @Test
  @Order(5)
  void aNodeDiesMidBatchQueriesKeepAnsweringAndNothingAcknowledgedIsLost() throws Exception {
    List<String> topics = List.of("NLP", "computer vision", "robotics perception", "data engineering pipelines",
        "large language model inference", "explainable AI", "marketing", "bioimaging microscopy");
    List<MatchResponse> expected = new ArrayList<>();
    for (String t : topics) {
      expected.add(onLucene.topic(t, Filters.NONE, 10));
    }
    Path extra = Files.writeString(Files.createDirectories(tmp.resolve("extra")).resolve("r99-outage.txt"), """
        Kim Outage
        Oslo, Norway
        Experience
        - Kept search clusters running through node failures (2019 - 2024)
        Skills: Solr, Lucene, Java, Python
        """);
    int resumesBefore = solr.stats().resumes();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      List<Future<MatchResponse>> answers = new ArrayList<>();
      int rounds = 3;
      for (int r = 0; r < rounds; r++) {
        for (String t : topics) {
          answers.add(pool.submit(() -> onSolr.topic(t, Filters.NONE, 10)));
        }
      }
      answers.get(topics.size() - 1).get(); // the first round has answered with both nodes up
      cluster.stopNode(1);
      // Writes while a node is down: acknowledged, or refused in words (a shard leader moving).
      Indexer writer = new Indexer(solr, embedder, Indexer.DEFAULT_CHUNK_TOKENS);
      String outcome;
      try {
        Indexer.Report rep = writer.add(List.of(extra), DocKind.RESUME, null, s -> {});
        solr.commit();
        outcome = rep.failed().isEmpty() ? "acknowledged" : "refused: " + rep.failed();
      } catch (IOException e) {
        assertTrue(e.getMessage().contains("Solr"), e.getMessage());
        outcome = "refused: " + e.getMessage();
      }
      System.out.println("SolrCloudBackendTest: add during the outage " + outcome);
      for (int i = 0; i < answers.size(); i++) {
        assertSameAnswer(expected.get(i % topics.size()), answers.get(i).get(), "during outage: " + topics.get(i % topics.size()));
      }
      assertSameAnswer(expected.get(0), onSolr.topic(topics.get(0), Filters.NONE, 10), "with one node down");
      cluster.startNode(1);
      if (outcome.startsWith("refused")) {
        new Indexer(solr, embedder, Indexer.DEFAULT_CHUNK_TOKENS).add(List.of(extra), DocKind.RESUME, null, s -> {});
        solr.commit();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(resumesBefore + 1, solr.stats().resumes());
    // Each node on its own, after the restart: both hold every document (the restarted one caught up).
    for (String url : cluster.nodeUrls()) {
      try (SolrStore one = SolrStore.openForRead(SolrTarget.ofBaseUrls(List.of(url), "rolematch"),
          new IndexLayout(tmp.resolve("one")))) {
        assertEquals(resumesBefore + 1, one.stats().resumes(), url);
        assertTrue(one.get("r99-outage", false).isPresent() || one.all(DocKind.RESUME, false).stream()
            .anyMatch(d -> d.text().contains("Kim Outage")), url);
      }
    }
  }

  @Test
  @Order(6)
  void wrongModelUnreachableClusterAndMissingCollectionAreClearErrors() throws IOException {
    IndexInfo other = new IndexInfo("bge-small-en-v1.5", "0123456789abcdef0123", wanted.dimension(), false, true);
    var mismatch = assertThrows(IndexMismatchException.class,
        () -> SolrStore.openForWrite(cluster.target(), new IndexLayout(tmp.resolve("x")), other));
    var onLuceneToo = assertThrows(IndexMismatchException.class,
        () -> lucene.info().requireModel(other.modelId(), other.fingerprint(), solr.describe()));
    assertEquals(onLuceneToo.getMessage(), mismatch.getMessage());
    assertTrue(mismatch.getMessage().contains("reindex --model bge-small-en-v1.5"), mismatch.getMessage());

    var down = assertThrows(IOException.class, () -> SolrStore.openForRead(
        SolrTarget.parse("solr://127.0.0.1:1,127.0.0.1:2/rolematch"), new IndexLayout(tmp.resolve("y"))));
    assertTrue(down.getMessage().startsWith("no Solr node of solr://127.0.0.1:1,127.0.0.1:2/rolematch answered"),
        down.getMessage());
    assertTrue(down.getMessage().contains("Is the cluster running"), down.getMessage());

    SolrTarget missing = new SolrTarget(cluster.target().hosts(), "no_such_collection", false);
    var absent = assertThrows(IllegalStateException.class,
        () -> SolrStore.openForRead(missing, new IndexLayout(tmp.resolve("z"))));
    assertTrue(absent.getMessage().contains("collection 'no_such_collection' does not exist"), absent.getMessage());

    var bad = assertThrows(IllegalArgumentException.class, () -> SolrTarget.parse("solr://localhost/rolematch"));
    assertTrue(bad.getMessage().contains("is not HOST:PORT"), bad.getMessage());
    assertNotNull(solr.describe());
  }

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    java.io.PrintStream oldOut = System.out;
    java.io.PrintStream oldErr = System.err;
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    var picoErr = new java.io.StringWriter();
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      var cl = dev.rolematch.cli.Main.commandLine();
      cl.setErr(new java.io.PrintWriter(picoErr, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
          err.toString(java.nio.charset.StandardCharsets.UTF_8) + picoErr);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  @Order(7)
  void theCommandLineTakesASolrIndexAndAnswersAsOnTheFolder() throws Exception {
    String state = tmp.resolve("cli-state").toString();
    Run onSolrCli = cli("topic", "PINNs", "--json", "--top", "5", "--model", MODEL, "--device", "cpu",
        "--index", cluster.target().uri(), "--state", state);
    Run onFolder = cli("topic", "PINNs", "--json", "--top", "5", "--model", MODEL, "--device", "cpu",
        "--index", tmp.resolve("lucene").toString());
    assertEquals(0, onSolrCli.code(), onSolrCli.err());
    assertEquals(0, onFolder.code(), onFolder.err());
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals(json.readTree(onFolder.out()).get("results"), json.readTree(onSolrCli.out()).get("results"));
    assertTrue(Files.isRegularFile(Path.of(state, dev.rolematch.app.StoreChoice.BINDING)));

    Run stats = cli("stats", "--json", "--index", cluster.target().uri(), "--state", state);
    assertEquals(0, stats.code(), stats.err());
    assertEquals(cluster.target().uri(), json.readTree(stats.out()).get("index").asText());

    Run down = cli("stats", "--index", "solr://127.0.0.1:1/rolematch", "--state", tmp.resolve("down").toString());
    assertEquals(2, down.code());
    assertTrue(down.err().startsWith("rolematch: no Solr node of solr://127.0.0.1:1/rolematch answered"), down.err());
    assertFalse(down.err().contains("\tat "), "no stack trace: " + down.err());

    Run reindex = cli("reindex", "--model", MODEL, "--index", cluster.target().uri());
    assertEquals(2, reindex.code());
    assertTrue(reindex.err().contains("reindex works on an embedded index folder, not on SolrCloud"), reindex.err());
  }
}
