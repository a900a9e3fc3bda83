package dev.rolematch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.pipeline.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search hits carry a handle that loads the same document without an id lookup, whole-text
 * vectors are searchable, and a hit's vectors read from the vector files equal the stored ones.
 */
class HitHandleTest {

  static final ModelIdentity MODEL = new ModelIdentity("hit-handle-test", 8, "0".repeat(64));

  @TempDir Path tmp;

  @Test
  void hitsLoadTheirDocumentsAndVectorsByHandleAndByIdAfterARefresh() throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("index"));
    Random r = new Random(3);
    List<StoredDocument> docs = new ArrayList<>();
    try (RoleIndexWriter w = RoleIndex.openForWrite(layout, Stores.wanted(MODEL, false))) {
      for (int i = 0; i < 30; i++) {
        StoredDocument d = resume("r" + i, 1 + i % 3, r);
        docs.add(d);
        w.upsert(d);
        if (i == 14) {
          w.commit(); // two segments: handles cross leaves
        }
      }
      w.commit();
      w.refresh();
      float[] query = docs.get(7).docVector();
      List<DocumentStore.Hit> whole = w.nearestWhole(DocKind.RESUME, query, 5, null);
      assertEquals("r7", whole.get(0).id(), "the resume whose whole vector is the query comes first");
      List<DocumentStore.Hit> hits = new ArrayList<>(w.nearest(DocKind.RESUME, docs.get(20).chunks().get(0).vector(), 10, null));
      hits.addAll(w.lexical(DocKind.RESUME, "alpha", 5, null));
      hits.forEach(h -> assertNotNull(h.handle(), h.id()));
      List<String> ids = hits.stream().map(DocumentStore.Hit::id).toList();
      assertEquals(w.getAll(ids, true).stream().map(StoredDocument::id).toList(),
          w.load(hits, true).stream().map(StoredDocument::id).toList());
      // Loading with the vectors read for a pre-score gives the same documents as a plain load.
      List<StoredDocument> plain = w.load(hits, true);
      List<StoredDocument> reused = w.loadWithVectors(w.vectors(hits));
      assertEquals(plain.size(), reused.size());
      for (int i = 0; i < plain.size(); i++) {
        assertEquals(plain.get(i).id(), reused.get(i).id());
        assertEquals(plain.get(i).text(), reused.get(i).text());
        for (int c = 0; c < plain.get(i).chunks().size(); c++) {
          IndexedChunk a = plain.get(i).chunks().get(c);
          IndexedChunk b = reused.get(i).chunks().get(c);
          assertEquals(a.text(), b.text());
          assertEquals(a.ordinal(), b.ordinal());
          assertArrayEquals(a.vector(), b.vector(), plain.get(i).id() + " chunk " + c);
        }
      }
      for (DocumentStore.HitVectors v : w.vectors(hits)) {
        StoredDocument d = docs.get(Integer.parseInt(v.hit().id().substring(1)));
        assertArrayEquals(d.docVector(), v.whole(), v.hit().id());
        assertEquals(d.chunks().size(), v.chunks().size(), v.hit().id());
        for (int c = 0; c < d.chunks().size(); c++) {
          assertArrayEquals(d.chunks().get(c).vector(), v.chunks().get(c), v.hit().id() + " chunk " + c);
        }
      }
      // A change and a refresh: the hits' doc ids belong to the old reader, so ids are looked up.
      w.remove("r0");
      w.upsert(resume("r99", 2, r));
      w.commit();
      w.refresh();
      List<String> loaded = w.load(hits, true).stream().map(StoredDocument::id).toList();
      assertEquals(ids.stream().filter(id -> !id.equals("r0")).toList(), loaded);
      assertEquals(loaded.size(), w.vectors(hits).size());
      // The kNN filters come from cached bit sets: a deleted resume is still left out.
      List<String> near = w.nearestWhole(DocKind.RESUME, docs.get(0).docVector(), 40, null).stream()
          .map(DocumentStore.Hit::id).toList();
      assertEquals(30, near.size());
      assertTrue(!near.contains("r0") && near.contains("r99"), near.toString());
      assertTrue(w.nearest(DocKind.RESUME, docs.get(0).chunks().get(0).vector(), 40, null).stream()
          .noneMatch(h -> h.id().equals("r0")));
      assertTrue(w.nearest(DocKind.POSTING, docs.get(0).chunks().get(0).vector(), 5, null).isEmpty());
    }
  }

  @Test
  void kindKnnNeverReturnsTheOtherKindEvenWhenItIsNearest() throws Exception {
    // both paths: resumes (most of the index) searched with their bit set as accepted documents,
    // postings (a minority) through a filter query
    IndexLayout layout = new IndexLayout(tmp.resolve("kinds"));
    Random r = new Random(5);
    try (RoleIndexWriter w = RoleIndex.openForWrite(layout, Stores.wanted(MODEL, false))) {
      List<StoredDocument> postings = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        StoredDocument resume = resume("r" + i, 2, r);
        w.upsert(resume);
        if (i >= 5) {
          continue; // postings a minority: their kNN takes the filter-query path, resumes the kind's bit set
        }
        StoredDocument p = resume("p" + i, 2, r);
        p = new StoredDocument(p.id(), DocKind.POSTING, p.title(), p.source(), p.text(), p.sha256(), p.metadata(),
            p.warnings(), p.docVector(), p.chunks());
        postings.add(p);
        w.upsert(p);
      }
      w.commit();
      w.refresh();
      w.remove("r3"); // a deleted resume: its vectors are still in the graph
      w.commit();
      w.refresh();
      float[] chunk = postings.get(4).chunks().get(0).vector();
      float[] whole = postings.get(4).docVector();
      List<String> resumes = w.nearest(DocKind.RESUME, chunk, 50, null).stream().map(DocumentStore.Hit::id).toList();
      List<String> wholes = w.nearestWhole(DocKind.RESUME, whole, 50, null).stream().map(DocumentStore.Hit::id).toList();
      for (List<String> ids : List.of(resumes, wholes)) {
        assertEquals(11, ids.size(), ids.toString());
        assertTrue(ids.stream().allMatch(id -> id.startsWith("r")) && !ids.contains("r3"), ids.toString());
      }
      assertEquals("p4", w.nearest(DocKind.POSTING, chunk, 3, null).get(0).id());
      assertEquals("p4", w.nearestWhole(DocKind.POSTING, whole, 3, null).get(0).id());
    }
  }

  @Test
  void aStoreWithoutHandlesLoadsByIdAndHasNoWholeTextSearch() throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("plain"));
    try (RoleIndexWriter w = RoleIndex.openForWrite(layout, Stores.wanted(MODEL, false))) {
      StoredDocument d = resume("only", 2, new Random(1));
      w.upsert(d);
      w.commit();
      w.refresh();
      DocumentStore plain = new ForwardingStore(w);
      assertTrue(plain.nearestWhole(DocKind.RESUME, d.docVector(), 3, null).isEmpty());
      List<DocumentStore.HitVectors> v = plain.vectors(List.of(new DocumentStore.Hit("only", 1)));
      assertArrayEquals(d.chunks().get(1).vector(), v.get(0).chunks().get(1));
      assertEquals("only", plain.load(List.of(new DocumentStore.Hit("only", 1)), false).get(0).id());
    }
  }

  static StoredDocument resume(String id, int chunks, Random r) {
    List<IndexedChunk> list = new ArrayList<>();
    float[] mean = new float[MODEL.dimension()];
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < chunks; c++) {
      float[] v = unit(r);
      list.add(new IndexedChunk(c, "experience", "", "alpha beta " + id + " " + c, v));
      text.append("alpha beta ").append(id).append('\n');
      for (int i = 0; i < v.length; i++) {
        mean[i] += v[i];
      }
    }
    return new StoredDocument(id, DocKind.RESUME, "Resume " + id, "", text.toString(), "sha-" + id,
        new Metadata(null, 3, null, null), List.of(), normalize(mean), list);
  }

  static float[] unit(Random r) {
    float[] v = new float[MODEL.dimension()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return normalize(v);
  }

  static float[] normalize(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }
}
