package dev.rolematch.index;

import dev.rolematch.index.DocumentStore.Hit;
import dev.rolematch.index.DocumentStore.HitVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BitSet;

/**
 * Hits' vectors straight from the kNN vector files (memory-mapped floats; raw floats are kept
 * beside int8 ones too): a wide pool is scored cheaply without decompressing stored fields.
 * A block's chunks are the documents just before its parent; the parent holds the whole-text
 * vector (absent in segments written before it was searchable: then null).
 */
final class LuceneVectors {
  private LuceneVectors() {}

  /** Vectors of parents by top-level doc id, in the order given. */
  static List<HitVectors> of(IndexSearcher s, List<Hit> hits, int[] parents) throws IOException {
    // Vector iterators only go forward: read each parent once, in doc order.
    TreeMap<Integer, HitVectors> byDoc = new TreeMap<>();
    for (int i = 0; i < parents.length; i++) {
      byDoc.putIfAbsent(parents[i], null);
    }
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    Leaf leaf = null;
    for (int doc : byDoc.keySet()) {
      LeafReaderContext l = leaves.get(ReaderUtil.subIndex(doc, leaves));
      if (leaf == null || leaf.context != l) {
        leaf = new Leaf(l);
      }
      byDoc.put(doc, leaf.read(doc - l.docBase));
    }
    List<HitVectors> out = new ArrayList<>(parents.length);
    for (int i = 0; i < parents.length; i++) {
      HitVectors v = byDoc.get(parents[i]);
      out.add(new HitVectors(hits.get(i), v.whole(), v.chunks()));
    }
    return out;
  }

  /** One segment's vector values, read forward. */
  private static final class Leaf {
    final LeafReaderContext context;
    final FloatVectorValues chunks;
    final FloatVectorValues wholes;
    final KnnVectorValues.DocIndexIterator chunkIt;
    final KnnVectorValues.DocIndexIterator wholeIt;
    final BitSet parents;

    Leaf(LeafReaderContext context) throws IOException {
      this.context = context;
      chunks = context.reader().getFloatVectorValues(Fields.VECTOR);
      wholes = context.reader().getFloatVectorValues(Fields.DOC_KNN);
      chunkIt = chunks == null ? null : chunks.iterator();
      wholeIt = wholes == null ? null : wholes.iterator();
      parents = LuceneQueries.parentsFilter().getBitSet(context);
    }

    /** The parent at this segment doc id: its chunks' vectors and its whole-text vector. */
    HitVectors read(int local) throws IOException {
      int first = local == 0 ? 0 : parents.prevSetBit(local - 1) + 1;
      List<float[]> out = new ArrayList<>(local - first);
      for (int d = first; d < local && chunkIt != null; d++) {
        if (at(chunkIt, d)) {
          out.add(chunks.vectorValue(chunkIt.index()).clone());
        }
      }
      float[] whole = wholeIt != null && at(wholeIt, local) ? wholes.vectorValue(wholeIt.index()).clone() : null;
      return new HitVectors(null, whole, out);
    }

    private static boolean at(KnnVectorValues.DocIndexIterator it, int doc) throws IOException {
      return (it.docID() < doc ? it.advance(doc) : it.docID()) == doc;
    }
  }
}
