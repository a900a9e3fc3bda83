package dev.rolematch.index;

import dev.rolematch.index.DocumentStore.Hit;
import dev.rolematch.index.DocumentStore.HitVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TopDocs;

/**
 * The Lucene index's hits and their handles: a hit remembers the parent's doc id and the reader
 * that found it, so that loading it again in the same reader skips the id's term lookup. A handle
 * from another reader (a refresh came between) is not trusted: the id is looked up.
 */
final class LuceneHits {
  private LuceneHits() {}

  /** A hit's handle: the parent's top-level doc id in the reader that searched. */
  record DocHandle(IndexReader reader, int doc) {}

  /** A hit on a parent: its id (doc values where the index has them) and its handle. */
  static Hit hit(IndexSearcher s, int parent, double score) throws IOException {
    return new Hit(LuceneIds.of(s, parent), score, new DocHandle(s.getIndexReader(), parent));
  }

  static List<StoredDocument> load(IndexSearcher s, List<Hit> hits, boolean withChunks) throws IOException {
    List<StoredDocument> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      int doc = docOf(s, h);
      if (doc >= 0) {
        out.add(DocumentCodec.load(s, doc, withChunks));
      } else {
        byId(s, h.id(), withChunks).ifPresent(out::add);
      }
    }
    return out;
  }

  static List<StoredDocument> loadWithVectors(IndexSearcher s, List<HitVectors> hits) throws IOException {
    List<StoredDocument> out = new ArrayList<>(hits.size());
    Map<String, String> meta = DocumentCodec.commitData(s);
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    for (HitVectors v : hits) {
      int doc = docOf(s, v.hit());
      if (doc >= 0) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        out.add(DocumentCodec.load(leaf, leaf.reader().storedFields(), doc - leaf.docBase, true, meta, v.chunks()));
      } else {
        byId(s, v.hit().id(), true).ifPresent(out::add);
      }
    }
    return out;
  }

  /** Vectors of the hits this searcher's reader found; the others are added to {@code stale}. */
  static List<HitVectors> vectors(IndexSearcher s, List<Hit> hits, List<Hit> stale) throws IOException {
    List<Hit> current = new ArrayList<>(hits.size());
    int[] docs = new int[hits.size()];
    for (Hit h : hits) {
      int doc = docOf(s, h);
      if (doc >= 0) {
        docs[current.size()] = doc;
        current.add(h);
      } else {
        stale.add(h);
      }
    }
    return new ArrayList<>(LuceneVectors.of(s, current, java.util.Arrays.copyOf(docs, current.size())));
  }

  static Optional<StoredDocument> byId(IndexSearcher s, String id, boolean withChunks) throws IOException {
    TopDocs td = s.search(LuceneQueries.parent(id), 1);
    return td.scoreDocs.length == 0 ? Optional.empty()
        : Optional.of(DocumentCodec.load(s, td.scoreDocs[0].doc, withChunks));
  }

  /** The hit's doc id in this searcher's reader, or -1 where its handle is from another (or none). */
  private static int docOf(IndexSearcher s, Hit h) {
    return h.handle() instanceof DocHandle d && d.reader() == s.getIndexReader() ? d.doc() : -1;
  }
}
