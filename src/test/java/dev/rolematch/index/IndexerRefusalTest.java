package dev.rolematch.index;

import dev.rolematch.pipeline.Indexer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.ingest.DocKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared indexing code (CLI add, server, reindex) refuses what would silently lose or break
 * data: a posting under the id of a resume (or the reverse), a posting with nothing to match;
 * and reports broken links and each failure's path once.
 */
class IndexerRefusalTest {

  @TempDir Path tmp;

  static final String POSTING = "# Data Engineer\n## Requirements\n- Python\n- Spark\n";

  private RoleIndexWriter open() throws Exception {
    return RoleIndex.openForWrite(new IndexLayout(tmp.resolve("index")), dev.rolematch.pipeline.Stores.wanted(FakeEmbedder.MODEL, false));
  }

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  @Test
  void aPostingNeverReplacesAResumeOfTheSameId() throws Exception {
    try (RoleIndexWriter index = open()) {
      Indexer indexer = new Indexer(index, new FakeEmbedder(), 64);
      assertEquals(1, indexer.add(List.of(write("ana.txt", "Ana Lima\nBuilt Python services")), DocKind.RESUME,
          null, f -> {}).added());
      Path posting = write("job.md", POSTING);
      Indexer.Report r = indexer.add(List.of(posting), DocKind.POSTING, "ana", f -> {});
      assertEquals(0, r.added() + r.replaced());
      assertEquals(1, r.failed().size(), r.toString());
      assertEquals("id ana is already a resume; remove it first or choose another id", r.failed().get(0).reason());
      assertEquals(DocKind.RESUME, index.get("ana", false).orElseThrow().kind(), "the resume is intact");
      // The lowest layer refuses too (any caller of upsert).
      StoredDocument asPosting = indexer.embed(new dev.rolematch.ingest.SourceDocument("ana", DocKind.POSTING, "x",
          "x", POSTING, null, List.of()), Indexer.sha256(POSTING));
      assertThrows(RefusedDocumentException.class, () -> index.upsert(asPosting));
    }
  }

  @Test
  void aPostingWithNothingToMatchIsRefused() throws Exception {
    try (RoleIndexWriter index = open()) {
      Indexer indexer = new Indexer(index, new FakeEmbedder(), 64);
      Path headings = write("headings.md", "## Requirements\n\n## Responsibilities\n");
      Indexer.Report r = indexer.add(List.of(headings), DocKind.POSTING, null, f -> {});
      assertEquals(0, r.added(), r.toString());
      assertEquals(1, r.failed().size(), r.toString());
      assertTrue(r.failed().get(0).reason().contains("posting headings has nothing to match: no requirements,"
          + " duties or title found; add the posting's requirements"), r.failed().toString());
      assertTrue(index.get("headings", false).isEmpty(), "not indexed");
    }
  }

  @Test
  void brokenLinksAreReportedAndPathsPrintedOnce() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("resumes"));
    write("resumes/ok.txt", "Ok Person\nBuilt things");
    write("resumes/empty.txt", "   \n");
    Files.createSymbolicLink(folder.resolve("gone.txt"), tmp.resolve("does-not-exist.txt"));
    try (RoleIndexWriter index = open()) {
      Indexer.Report r = new Indexer(index, new FakeEmbedder(), 64).add(List.of(folder), DocKind.RESUME, null,
          f -> {});
      assertEquals(1, r.added(), r.toString());
      Indexer.Failure gone = r.failed().stream().filter(f -> f.path().endsWith("gone.txt")).findFirst()
          .orElseThrow(() -> new AssertionError("broken link not reported: " + r.failed()));
      assertTrue(gone.reason().contains("broken link: points to"), gone.reason());
      Indexer.Failure empty = r.failed().stream().filter(f -> f.path().endsWith("empty.txt")).findFirst()
          .orElseThrow();
      assertFalse(empty.reason().contains(empty.path()), "path printed twice: " + empty);
      assertTrue(empty.reason().contains("file is empty"), empty.reason());
    }
  }
}
