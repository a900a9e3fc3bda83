package dev.rolematch.index;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The one way this project enumerates every match of a query: leaf by leaf through the query's
 * {@link Weight}, live documents only, in doc id order — no scores, no priority queue, no
 * {@code search(q, maxDoc)} that sizes a heap by the whole index.
 */
public final class LuceneDocs {
  private LuceneDocs() {}

  /** Receives a top-level doc id. */
  @FunctionalInterface
  public interface DocVisitor {
    void visit(int doc) throws IOException;
  }

  public static void forEach(IndexSearcher s, Query query, DocVisitor visit) throws IOException {
    Weight w = s.createWeight(s.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
      Scorer sc = w.scorer(leaf);
      if (sc == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator it = sc.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if (live == null || live.get(doc)) {
          visit.visit(leaf.docBase + doc);
        }
      }
    }
  }
}
