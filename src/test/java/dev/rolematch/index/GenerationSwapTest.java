package dev.rolematch.index;

import dev.rolematch.pipeline.Indexer;
import dev.rolematch.pipeline.Reindexer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.bench.RefreshBench;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reindex switches generations atomically and under the writer lock: a crash after any step
 * leaves an index that opens with the old or the new complete generation; a writer is refused
 * while a reindex runs; older indexes (docs/ without a pointer) still open.
 */
class GenerationSwapTest {

  @TempDir Path tmp;

  static final int RESUMES = 6;
  static final int POSTINGS = 2;

  private static IndexLayout legacyIndex(Path root) throws IOException {
    IndexLayout layout = new IndexLayout(root);
    try (RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(RefreshBench.MODEL, false))) {
      for (int i = 0; i < POSTINGS; i++) {
        index.upsert(RefreshBench.posting("p" + i, new Random(100 + i)));
      }
      for (int i = 0; i < RESUMES; i++) {
        index.upsert(RefreshBench.resume("r" + i, new Random(i)));
      }
      index.commit();
    }
    return layout;
  }

  private static void assertComplete(IndexLayout layout, String model) throws IOException {
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      IndexStats st = index.stats();
      assertEquals(model, st.info().modelId());
      assertEquals(RESUMES, st.resumes());
      assertEquals(POSTINGS, st.postings());
      for (StoredDocument d : index.all(DocKind.RESUME, true)) {
        assertFalse(d.chunks().isEmpty(), d.id());
      }
    }
  }

  private static List<String> generations(IndexLayout layout) throws IOException {
    try (Stream<Path> s = Files.list(layout.root())) {
      return s.map(p -> p.getFileName().toString()).filter(IndexLayout::isGeneration).sorted().toList();
    }
  }

  static final class Crash extends IOException {
    Crash(Reindexer.Step step) {
      super("simulated crash after " + step);
    }
  }

  @Test
  void aCrashAfterAnyStepLeavesTheOldOrTheNewCompleteGeneration() throws Exception {
    for (Reindexer.Step step : Reindexer.Step.values()) {
      IndexLayout layout = legacyIndex(tmp.resolve("crash-" + step));
      Crash e = assertThrows(Crash.class, () -> Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {},
          s -> {
            if (s == step) {
              throw new Crash(s);
            }
          }));
      assertTrue(e.getMessage().contains(step.name()));
      boolean switched = step == Reindexer.Step.SWITCHED || step == Reindexer.Step.DONE;
      assertComplete(layout, switched ? FakeEmbedder.MODEL.id() : RefreshBench.MODEL.id());
      assertEquals(switched ? "docs-1" : "docs", layout.currentGeneration(), step.name());
      // The lock died with the "process": the next writer opens and removes what the crash left.
      try (RoleIndexWriter w = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(switched ? FakeEmbedder.MODEL : RefreshBench.MODEL, false))) {
        assertEquals(List.of(layout.currentGeneration()), generations(layout), step.name());
      }
      // And a rerun completes.
      Reindexer.Result r = Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {});
      assertEquals(RESUMES + POSTINGS, r.documents());
      assertComplete(layout, FakeEmbedder.MODEL.id());
      assertEquals(List.of(r.generation()), generations(layout));
    }
  }

  @Test
  void handMadeIntermediateStatesOpen() throws Exception {
    IndexLayout layout = legacyIndex(tmp.resolve("states"));
    // Half-built next generation and a stray temp pointer, no pointer yet: the old one is current.
    Files.createDirectories(layout.root().resolve("docs-1"));
    Files.writeString(layout.root().resolve("docs-1").resolve("_0.cfs"), "half written");
    Files.writeString(layout.root().resolve(IndexLayout.POINTER_TMP), "docs-");
    assertComplete(layout, RefreshBench.MODEL.id());
    // Pointer switched to a complete generation while the old folder still exists.
    Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {});
    String current = layout.currentGeneration();
    assertEquals("docs-1", current, "the half-built leftover was removed first");
    Files.createDirectories(layout.root().resolve("docs"));
    copyTree(layout.root().resolve(current), layout.root().resolve("docs"));
    assertComplete(layout, FakeEmbedder.MODEL.id());
    // A pointer naming something that is not a generation is a clear error, not a silent empty index.
    Files.writeString(layout.pointer(), "../elsewhere\n");
    IllegalStateException bad = assertThrows(IllegalStateException.class, () -> RoleIndex.openForRead(layout));
    assertTrue(bad.getMessage().contains("index damaged") && bad.getMessage().contains("CURRENT"), bad.getMessage());
  }

  @Test
  void reindexRepairsDamagedVectorsFromTheStoredTexts() throws Exception {
    IndexLayout layout = legacyIndex(tmp.resolve("damaged"));
    try (RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(RefreshBench.MODEL, false))) {
      StoredDocument ok = RefreshBench.resume("r0", new Random(0));
      float[] huge = ok.docVector().clone();
      for (int i = 0; i < huge.length; i++) {
        huge[i] *= 148.37f; // what flipped bytes did
      }
      List<IndexedChunk> chunks = new java.util.ArrayList<>(ok.chunks());
      IndexedChunk c = chunks.get(0);
      chunks.set(0, new IndexedChunk(c.ordinal(), c.section(), c.requirementKind(), c.text(), huge));
      index.remove("r0");
      index.refresh();
      index.upsert(new StoredDocument("r0", ok.kind(), ok.title(), ok.source(), ok.text(), ok.sha256(), ok.metadata(),
          List.of(), huge, chunks));
      index.commit();
    }
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      IndexDamagedException e = assertThrows(IndexDamagedException.class, () -> index.get("r0", true));
      assertTrue(e.getMessage().contains("document r0 (chunk 0) has norm 148.4"), e.getMessage());
    }
    assertFalse(IndexCheck.run(layout).clean());
    Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {});
    assertComplete(layout, FakeEmbedder.MODEL.id());
    assertTrue(IndexCheck.run(layout).clean());
  }

  @Test
  void anOlderVersionsInterruptedSwapSaysHowToRecover() throws Exception {
    IndexLayout layout = legacyIndex(tmp.resolve("old-crash"));
    java.nio.file.Files.move(layout.root().resolve("docs"), layout.root().resolve("docs.old"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RoleIndex.openForRead(layout));
    assertTrue(e.getMessage().contains("interrupted reindex") && e.getMessage().contains("docs.old"), e.getMessage());
  }

  @Test
  void aWriterIsRefusedWhileReindexRunsAndNothingWrittenIsLost() throws Exception {
    IndexLayout layout = legacyIndex(tmp.resolve("busy"));
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reindex = new Thread(() -> {
      try {
        Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {}, s -> {
          if (s == Reindexer.Step.BUILT) {
            paused.countDown();
            try {
              resume.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
        });
      } catch (Throwable t) {
        failure.set(t);
        paused.countDown();
      }
    });
    IndexWriteLock.setProcessCommand("rolematch reindex");
    reindex.start();
    assertTrue(paused.await(60, TimeUnit.SECONDS));
    try {
      IndexBusyException busy = assertThrows(IndexBusyException.class,
          () -> RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(RefreshBench.MODEL, false)));
      assertTrue(busy.getMessage().contains("pid " + ProcessHandle.current().pid())
          && busy.getMessage().contains("rolematch reindex"), busy.getMessage());
      // Queries still run on the old generation.
      assertComplete(layout, RefreshBench.MODEL.id());
    } finally {
      resume.countDown();
      reindex.join(60_000);
      IndexWriteLock.setProcessCommand("rolematch");
    }
    assertEquals(null, failure.get());
    assertComplete(layout, FakeEmbedder.MODEL.id());
    try (RoleIndexWriter w = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(FakeEmbedder.MODEL, false))) {
      Indexer.Report r = new Indexer(w, new FakeEmbedder(), 64).add(List.of(write("late.txt",
          "Late Resume\nBuilt Python services")), DocKind.RESUME, null, f -> {});
      assertEquals(1, r.added());
    }
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      assertEquals(RESUMES + 1, index.stats().resumes());
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().equals("write.lock")) {
          Files.copy(p, t);
        }
      }
    }
  }
}
