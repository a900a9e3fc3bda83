package dev.rolematch.cli;

import dev.rolematch.index.RoleIndexWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import dev.rolematch.bench.RefreshBench;
import dev.rolematch.index.IndexDamagedException;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged index says so instead of answering wrongly: a stored vector with a norm of 148 (what
 * 64 flipped bytes in a .cfs produced: a resume ranked first at 100.0 with a cosine of 148.37) is
 * an error naming the document and what to run; {@code check} finds it, and finds flipped bytes
 * in a segment file through Lucene's CheckIndex; a clean index checks clean.
 */
class CheckCommandTest {

  @TempDir Path tmp;

  private static IndexLayout index(Path root, boolean withBadVector) throws IOException {
    IndexLayout layout = new IndexLayout(root);
    try (RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(RefreshBench.MODEL, false))) {
      index.upsert(RefreshBench.posting("p0", new Random(100)));
      for (int i = 0; i < 4; i++) {
        index.upsert(RefreshBench.resume("r" + i, new Random(i)));
      }
      if (withBadVector) {
        StoredDocument ok = RefreshBench.resume("bad", new Random(9));
        List<IndexedChunk> chunks = new ArrayList<>(ok.chunks());
        IndexedChunk c = chunks.get(2);
        float[] v = c.vector().clone();
        for (int i = 0; i < v.length; i++) {
          v[i] *= 148.37f;
        }
        chunks.set(2, new IndexedChunk(c.ordinal(), c.section(), c.requirementKind(), c.text(), v));
        index.upsert(new StoredDocument(ok.id(), ok.kind(), ok.title(), ok.source(), ok.text(), ok.sha256(),
            ok.metadata(), List.of(), ok.docVector(), chunks));
      }
      index.commit();
    }
    return layout;
  }

  @Test
  void aCleanIndexChecksClean() throws Exception {
    IndexLayout layout = index(tmp.resolve("clean"), false);
    CliTest.Run r = CliTest.run("check", "--index", layout.root().toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("docs: Lucene CheckIndex clean") && r.out().strip().endsWith("clean"), r.out());
    JsonNode j = Json.MAPPER.readTree(CliTest.run("check", "--index", layout.root().toString(), "--json").out());
    assertTrue(j.get("clean").asBoolean(), j.toString());
    assertEquals(4 * 9 + 21, j.get("vectors").get("checked").asInt(), "4 resumes x (8 chunks + 1), 1 posting x (20 + 1)");
  }

  @Test
  void aStoredVectorWithAWrongNormIsAnErrorAndCheckFindsIt() throws Exception {
    IndexLayout layout = index(tmp.resolve("norm"), true);
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      IndexDamagedException e = assertThrows(IndexDamagedException.class, () -> index.get("bad", true));
      assertEquals("index damaged: stored vector of document bad (chunk 2) has norm 148.4; run ./rolematch check,"
          + " then rebuild with ./rolematch reindex --model bench", e.getMessage());
      assertThrows(IndexDamagedException.class, () -> index.all(DocKind.RESUME, true), "no silent ranking");
      assertEquals(4, index.all(DocKind.RESUME, false).size() - 1, "documents without vectors still load");
    }
    CliTest.Run r = CliTest.run("check", "--index", layout.root().toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("document bad (chunk 2): has norm 148.4"), r.out());
    assertTrue(r.out().contains("DAMAGED: rebuild the document index from its stored texts with ./rolematch reindex"
        + " --model bench"), r.out());
    JsonNode j = Json.MAPPER.readTree(CliTest.run("check", "--index", layout.root().toString(), "--json").out());
    assertFalse(j.get("clean").asBoolean());
    assertEquals(1, j.get("vectors").get("bad_count").asInt(), j.toString());
    assertEquals("bad", j.get("vectors").get("bad").get(0).get("id").asText());
    // CheckIndex alone finds nothing: the files are intact, their content is wrong.
    assertTrue(j.get("lucene").get(0).get("clean").asBoolean(), j.toString());
  }

  @Test
  void flippedBytesInASegmentFileAreFoundByCheckIndex() throws Exception {
    IndexLayout layout = index(tmp.resolve("flip"), false);
    Path cfs;
    try (Stream<Path> s = Files.list(layout.docs())) {
      cfs = s.filter(p -> p.toString().endsWith(".cfs")).findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(cfs);
    int at = b.length / 2;
    for (int i = 0; i < 64; i++) {
      b[at + i] ^= (byte) 0x5A;
    }
    Files.write(cfs, b);
    CliTest.Run r = CliTest.run("check", "--index", layout.root().toString(), "--json");
    assertEquals(1, r.code(), r.out() + r.err());
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertFalse(j.get("clean").asBoolean());
    JsonNode docs = j.get("lucene").get(0);
    assertEquals("docs", docs.get("name").asText());
    assertFalse(docs.get("clean").asBoolean(), docs.toString());
    assertFalse(docs.get("problems").isEmpty(), docs.toString());
  }
}
