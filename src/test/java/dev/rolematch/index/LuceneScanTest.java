package dev.rolematch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh's scan: ids and hashes from doc values, or from stored fields in segments written
 * before the hash had doc values; documents read by the sequential per-thread readers equal the
 * ones read one by one, whichever threads load them and in whatever order.
 */
class LuceneScanTest {

  @TempDir Path tmp;

  @Test
  void scanReadsOldAndNewSegmentsAndLoadsOnAnyThreadWhatAPlainLoadReads() throws Exception {
    Random r = new Random(11);
    List<StoredDocument> docs = new ArrayList<>();
    try (FSDirectory dir = FSDirectory.open(tmp.resolve("index"));
        IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setMergePolicy(
            org.apache.lucene.index.NoMergePolicy.INSTANCE))) {
      for (int i = 0; i < 60; i++) {
        StoredDocument d = HitHandleTest.resume(String.format("r%02d", i), 1 + i % 4, r);
        docs.add(d);
        List<Document> block = DocumentCodec.block(d, "fp");
        if (i < 20) { // as written before the hash's doc values existed
          block.get(block.size() - 1).removeFields(Fields.SHA256_DV);
        }
        w.updateDocuments(new Term(Fields.BLOCK_ID, d.id()), block);
        if (i % 20 == 19) {
          w.commit(); // three segments
        }
      }
      w.deleteDocuments(new Term(Fields.BLOCK_ID, "r05"), new Term(Fields.BLOCK_ID, "r33"));
      w.setLiveCommitData(Map.of(Fields.META_DIMENSION, "" + HitHandleTest.MODEL.dimension()).entrySet());
      w.commit();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertTrue(reader.leaves().size() >= 3, "segments: " + reader.leaves().size());
        IndexSearcher s = new IndexSearcher(reader);
        Map<String, String> shas = new TreeMap<>();
        LuceneScan.ids(s, DocKind.RESUME, (leaf, local, id, sha) -> shas.put(id, sha));
        assertEquals(58, shas.size());
        for (StoredDocument d : docs) {
          boolean deleted = d.id().equals("r05") || d.id().equals("r33");
          assertEquals(deleted ? null : d.sha256(), shas.get(d.id()), d.id());
        }
        // Loaders handed to several threads, each taking every other one in reverse order.
        List<DocumentStore.Loader> loaders = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Map<String, StoredDocument> loaded = Collections.synchronizedMap(new TreeMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
          LuceneScan.forEach(s, DocKind.RESUME, new DocumentStore.DocumentVisitor() {
            @Override
            public void visit(String id, String sha, DocumentStore.Loader load) {
              ids.add(id);
              loaders.add(load);
            }

            @Override
            public void unreadable(String where, Exception problem) {
              throw new AssertionError(where, problem);
            }

            @Override
            public void end() throws IOException {
              List<Future<?>> futures = new ArrayList<>();
              for (int t = 0; t < 3; t++) {
                int from = t;
                futures.add(pool.submit(() -> {
                  for (int i = loaders.size() - 1 - from; i >= 0; i -= 3) {
                    StoredDocument d = loaders.get(i).load();
                    loaded.put(d.id(), d);
                  }
                  return null;
                }));
              }
              for (Future<?> f : futures) {
                try {
                  f.get();
                } catch (Exception e) {
                  throw new IOException(e);
                }
              }
            }
          });
        } finally {
          pool.shutdownNow();
        }
        assertEquals(58, loaded.size());
        assertEquals(ids.size(), loaded.size());
        for (StoredDocument d : docs) {
          StoredDocument got = loaded.get(d.id());
          if (d.id().equals("r05") || d.id().equals("r33")) {
            assertEquals(null, got);
            continue;
          }
          assertEquals(d.text(), got.text(), d.id());
          assertEquals(d.sha256(), got.sha256(), d.id());
          assertArrayEquals(d.docVector(), got.docVector(), d.id());
          assertEquals(d.chunks().size(), got.chunks().size(), d.id());
          for (int c = 0; c < d.chunks().size(); c++) {
            assertEquals(d.chunks().get(c).text(), got.chunks().get(c).text(), d.id() + " chunk " + c);
            assertArrayEquals(d.chunks().get(c).vector(), got.chunks().get(c).vector(), d.id() + " chunk " + c);
          }
        }
      }
    }
  }
}
