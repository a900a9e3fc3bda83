package dev.rolematch.match;

import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.Filters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexMismatchException;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.ingest.DocKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index + matcher end to end on a real on-disk Lucene index and the real MiniLM model. */
class MatcherIntegrationTest {

  static TransformerEmbedder embedder;

  @TempDir Path tmp;

  @BeforeAll
  static void open() throws Exception {
    embedder = Embedders.open(new ModelCatalog(Path.of("models")).resolve("all-minilm-l6-v2"), DeviceChoice.CPU);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  static final String POSTING = """
      Research Intern, Natural Language Processing
      Location: Berlin, Germany
      Our team builds language technology for scientific search.
      What you'll be doing:
      - Train and evaluate transformer language models for summarisation
      - Build retrieval pipelines over millions of documents
      What we need to see:
      - Pursuing a PhD or MS in Computer Science or a related field
      - Strong programming skills in Python and PyTorch
      Ways to stand out from the crowd:
      - Publications at ACL, EMNLP or NAACL
      """;

  static final String NLP_RESUME = """
      Jana Novak
      Berlin, Germany
      Education
      PhD in Computer Science, TU Berlin, expected 2027
      Experience
      - Built transformer-based abstractive summarisers in PyTorch for legal documents (2022 - 2024)
      - Designed dense retrieval over 20M passages with FAISS
      Publications
      - Long-document summarisation, EMNLP 2024
      Skills: Python, PyTorch, Hugging Face
      """;

  static final String CHEF_RESUME = """
      Marco Bellini
      Rome, Italy
      Experience
      - Head chef at a seafood restaurant, managing a team of 12 (2015 - 2024)
      - Designed seasonal menus and ran the kitchen budget
      Education
      Diploma in Culinary Arts, 2014
      """;

  static final String VISION_RESUME = """
      Ola Nordmann
      Oslo, Norway
      Education
      MS in Computer Science, 2023
      Experience
      - Trained convolutional networks for medical image segmentation in PyTorch (2020 - 2024)
      - Deployed object detection models on edge devices
      Skills: Python, OpenCV, CUDA
      """;

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private IndexLayout layout() {
    return new IndexLayout(tmp.resolve("index"));
  }

  private Matcher matcher(RoleIndex index) {
    return new Matcher(index, embedder, new PairScorer(Calibration.uncalibrated("all-minilm-l6-v2")),
        new Taxonomy(List.of(new Taxonomy.Topic("nlp", "Natural language processing",
            "Language models, summarisation, retrieval and text classification.", List.of("NLP", "language models")))));
  }

  private RoleIndexWriter sampleIndex() throws Exception {
    RoleIndexWriter index = RoleIndex.openForWrite(layout(), dev.rolematch.pipeline.Stores.wanted(embedder.identity(), false));
    Indexer indexer = new Indexer(index, embedder, 64);
    indexer.add(List.of(write("nlp-intern.txt", POSTING)), DocKind.POSTING, null, f -> {});
    Indexer.Report r = indexer.add(List.of(write("jana.txt", NLP_RESUME), write("marco.txt", CHEF_RESUME),
        write("ola.txt", VISION_RESUME)), DocKind.RESUME, null, f -> {});
    assertEquals(3, r.added());
    return index;
  }

  @Test
  void postingRanksTheNlpCandidateFirstWithEvidenceAndMustHaves() throws Exception {
    try (RoleIndexWriter index = sampleIndex()) {
      Matcher m = matcher(index);
      QueryProfile p = Matcher.postingProfile(index.get("nlp-intern", true).orElseThrow());
      assertTrue(p.needs().stream().anyMatch(n -> n.kind() == dev.rolematch.ingest.RequirementKind.MUST));
      MatchResponse r = m.matchPosting(p, Filters.NONE, 10, new ArrayList<>());
      assertEquals(3, r.results().size());
      MatchResult top = r.results().get(0);
      assertEquals("jana", top.id());
      assertTrue(top.score() > r.results().get(2).score());
      assertEquals("marco", r.results().get(2).id());
      MustHaves mh = top.mustHaves();
      assertEquals(p.needs().stream().filter(n -> n.kind().name().equals("MUST")).count(), mh.met() + mh.unmet() + mh.unknown());
      assertFalse(top.evidence().isEmpty());
      assertTrue(top.evidence().stream().allMatch(e -> !e.snippet().isEmpty() && e.similarity() > 0));
      // The degree must-have is decided from metadata: a PhD candidate meets "PhD or MS".
      assertTrue(top.evidence().stream().anyMatch(e -> e.requirement().contains("PhD") && e.status().equals("met")));
    }
  }

  @Test
  void topicAliasResolvesAndFiltersGoInsideTheKnnQuery() throws Exception {
    try (RoleIndexWriter index = sampleIndex()) {
      Matcher m = matcher(index);
      MatchResponse r = m.topic("NLP", Filters.NONE, 2);
      assertEquals("nlp", r.query().get("resolved"));
      assertEquals("jana", r.results().get(0).id());
      // Filtering on a term only the chef has must still return him (filter inside kNN, not after top-k).
      MatchResponse filtered = m.topic("NLP", new Filters("seafood", null, null), 1);
      assertEquals(List.of("marco"), filtered.results().stream().map(MatchResult::id).toList());
      MatchResponse years = m.topic("NLP", new Filters(null, null, 5), 10);
      assertTrue(years.results().stream().allMatch(x -> x.metadata().yearsExperience() != null && x.metadata().yearsExperience() >= 5));
      MatchResponse oslo = m.topic("NLP", new Filters(null, "Oslo", null), 10);
      assertEquals(List.of("ola"), oslo.results().stream().map(MatchResult::id).toList());
      assertThrows(IllegalArgumentException.class, () -> m.topic("NLP", new Filters("python AND (", null, null), 3));
    }
  }

  @Test
  void reverseViewScoresPostingsForACandidate() throws Exception {
    try (RoleIndexWriter index = sampleIndex()) {
      MatchResponse r = matcher(index).postingsFor("jana", Filters.NONE, 5);
      assertEquals("nlp-intern", r.results().get(0).id());
      assertThrows(IllegalArgumentException.class, () -> matcher(index).postingsFor("nobody", Filters.NONE, 5));
    }
  }

  @Test
  void sameContentIsNotReEmbeddedAndChangedContentReplacesAtomically() throws Exception {
    try (RoleIndexWriter index = sampleIndex()) {
      Indexer indexer = new Indexer(index, embedder, 64);
      Indexer.Report again = indexer.add(List.of(tmp.resolve("in")), DocKind.RESUME, null, f -> {});
      assertEquals(0, again.embedded());
      assertEquals(0, again.added() + again.replaced());
      Path jana = write("jana.txt", NLP_RESUME + "\n- Taught a seminar on multilingual NLP\n");
      Indexer.Report changed = indexer.add(List.of(jana), DocKind.RESUME, null, f -> {});
      assertEquals(1, changed.replaced());
      assertEquals(3, index.stats().resumes());
      assertTrue(index.get("jana", false).orElseThrow().text().contains("multilingual"));
    }
  }

  @Test
  void badInputIsReportedAndLosesNothing() throws Exception {
    try (RoleIndexWriter index = sampleIndex()) {
      Indexer indexer = new Indexer(index, embedder, 64);
      Path empty = write("empty.txt", "   \n");
      Path binary = tmp.resolve("in").resolve("blob.txt");
      Files.write(binary, new byte[] {0, 1, 2, 3, 0, 0, 5, 6, 7, 0, 9});
      Path latin1 = tmp.resolve("in").resolve("latin.txt");
      Files.write(latin1, "Jos\u00e9 P\u00e9rez\nData engineer, Spark and Airflow pipelines since 2019".getBytes(StandardCharsets.ISO_8859_1));
      Indexer.Report r = indexer.add(List.of(empty, binary, latin1), DocKind.RESUME, null, f -> {});
      assertEquals(2, r.failed().size());
      assertTrue(r.failed().get(0).reason().contains("empty"), r.failed().get(0).reason());
      assertTrue(r.failed().get(1).reason().contains("binary"), r.failed().get(1).reason());
      assertEquals(1, r.added());
      assertTrue(r.warnings().stream().anyMatch(w -> w.contains("UTF-8")), r.warnings().toString());
      assertEquals(4, index.stats().resumes());
    }
  }

  @Test
  void duplicateIdsInOneBatchAreReportedAndTheLastWins() throws Exception {
    try (RoleIndexWriter index = sampleIndex()) {
      Path a = write("dup/a/sam.txt", VISION_RESUME);
      Path b = write("dup/b/sam.txt", CHEF_RESUME);
      Indexer.Report r = new Indexer(index, embedder, 64).add(List.of(a, b), DocKind.RESUME, null, f -> {});
      assertTrue(r.warnings().stream().anyMatch(w -> w.contains("duplicate id 'sam'")), r.warnings().toString());
      assertTrue(index.get("sam", false).orElseThrow().text().contains("chef"));
    }
  }

  @Test
  void hugeTextIsCappedAndChunkedWithinTheModelLimit() throws Exception {
    try (RoleIndexWriter index = RoleIndex.openForWrite(layout(), dev.rolematch.pipeline.Stores.wanted(embedder.identity(), false))) {
      StringBuilder sb = new StringBuilder("Huge Resume\n");
      String line = "- Built data pipelines in Python and Spark for retail analytics and reporting.\n";
      while (sb.length() < 10 * 1024 * 1024) {
        sb.append(line);
      }
      Path big = write("big.txt", sb.toString());
      Indexer.Report r = new Indexer(index, embedder, 128).add(List.of(big), DocKind.RESUME, null, f -> {});
      assertEquals(1, r.added());
      assertTrue(r.warnings().stream().anyMatch(w -> w.contains("capped")), r.warnings().toString());
      var doc = index.get("big", true).orElseThrow();
      assertTrue(doc.text().length() <= 1_000_000);
      for (var c : doc.chunks()) {
        assertTrue(embedder.countTokens(c.text()) <= embedder.maxTokens());
      }
    }
  }

  @Test
  void queryingBeforeAnyIndexExistsSaysWhatToDo() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RoleIndex.openForRead(layout()));
    assertTrue(e.getMessage().contains("no index") && e.getMessage().contains("rolematch add"), e.getMessage());
  }

  @Test
  void anotherModelsIndexIsRefusedWithTheRebuildCommand() throws Exception {
    sampleIndex().close();
    ModelIdentity other = new ModelIdentity("bge-small-en-v1.5", 384, "f".repeat(64));
    IndexMismatchException e = assertThrows(IndexMismatchException.class, () -> RoleIndex.openForWrite(layout(), dev.rolematch.pipeline.Stores.wanted(other, false)));
    assertTrue(e.getMessage().contains("all-minilm-l6-v2") && e.getMessage().contains("bge-small-en-v1.5")
        && e.getMessage().contains("./rolematch reindex --model bge-small-en-v1.5"), e.getMessage());
    try (RoleIndex index = RoleIndex.openForRead(layout())) {
      assertEquals(3, index.stats().resumes(), "nothing lost");
    }
  }

  @Test
  void queriesRunWhileAnotherWriterAdds() throws Exception {
    try (RoleIndexWriter writer = sampleIndex()) {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (RoleIndex reader = RoleIndex.openForRead(layout())) {
        Indexer indexer = new Indexer(writer, embedder, 64);
        Future<Indexer.Report> adding = pool.submit(() -> indexer.add(
            List.of(write("late.txt", VISION_RESUME.replace("Ola Nordmann", "Kari Late"))), DocKind.RESUME, null, f -> {}));
        for (int i = 0; i < 5; i++) {
          MatchResponse r = matcher(reader).topic("NLP", Filters.NONE, 10);
          assertTrue(r.results().size() >= 3, "a query during the add sees the last commit");
        }
        assertEquals(1, adding.get().added());
        reader.refresh();
        assertEquals(4, reader.stats().resumes());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
