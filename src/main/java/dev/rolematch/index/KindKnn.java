package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;

/**
 * kNN restricted to one kind (resumes or postings) without a filter query. Lucene intersects a
 * kNN filter with "has a vector" and turns that into a bit set on every search and segment, a
 * walk over every chunk of the index (≈ 3.5 of ≈ 5 ms per search at 100k resumes, measured); here
 * the graph search is handed the kind's cached bit set (and the live documents) as the documents
 * it may accept, which costs nothing per search. Used when there are no user filters and the kind
 * is most of the index ({@link #mostOfTheIndex}).
 */
final class KindKnn {
  private KindKnn() {}

  private static final Map<String, QueryBitSetProducer> BITS = new ConcurrentHashMap<>();

  /**
   * Whether the kind makes up at least half of the index's documents (resumes, usually): then the
   * graph search with the kind's documents as accepted ones finds its k quickly. A minority kind
   * (a few postings beside many resumes) goes through a filter query instead, for which Lucene
   * counts the matches and searches a small set exactly rather than walking a graph that rejects
   * nearly every node.
   */
  static boolean mostOfTheIndex(IndexSearcher s, DocKind kind) throws IOException {
    org.apache.lucene.index.IndexReader r = s.getIndexReader();
    return 2L * r.docFreq(new org.apache.lucene.index.Term(Fields.KIND, DocKinds.name(kind))) >= r.maxDoc();
  }

  private static QueryBitSetProducer bits(String key, Query source) {
    return BITS.computeIfAbsent(key, k -> new QueryBitSetProducer(source));
  }

  /** The graph search of one segment, given the documents it may accept. */
  @FunctionalInterface
  private interface Search {
    TopDocs run(AcceptDocs accept) throws IOException;
  }

  /** The search over the kind's live documents of this segment; none when it has none of the kind. */
  private static TopDocs search(QueryBitSetProducer kind, LeafReaderContext ctx, Search search) throws IOException {
    AcceptDocs accept = accept(kind, ctx);
    return accept == null ? TopDocsCollector.EMPTY_TOPDOCS : search.run(accept);
  }

  /** The documents a search may accept in this segment: the kind's, if live; null when none. */
  private static AcceptDocs accept(QueryBitSetProducer kind, LeafReaderContext ctx) throws IOException {
    BitSet set = kind.getBitSet(ctx);
    if (set == null) {
      return null;
    }
    Bits live = ctx.reader().getLiveDocs();
    Bits bits = live == null ? set : new Bits() {
      @Override
      public boolean get(int index) {
        return set.get(index) && live.get(index);
      }

      @Override
      public int length() {
        return set.length();
      }
    };
    return AcceptDocs.fromLiveDocs(bits, ctx.reader().maxDoc());
  }

  /**
   * Nearest chunks of a kind that pass the filters, one per parent: by the kind's bit set where
   * that applies ({@link #bitSetPath}), else a filtered {@link DiversifyingChildrenFloatKnnVectorQuery}.
   */
  static Query chunks(IndexSearcher s, DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    return bitSetPath(s, kind, filters) ? new Chunks(kind, vector, k)
        : new DiversifyingChildrenFloatKnnVectorQuery(
            Fields.VECTOR, vector, LuceneQueries.chunks(kind, filters), k, LuceneQueries.parentsFilter());
  }

  /** Nearest whole-text vectors of a kind's parents that pass the filters, chosen the same way. */
  static Query wholes(IndexSearcher s, DocKind kind, float[] vector, int k, Filters filters) throws IOException {
    return bitSetPath(s, kind, filters) ? new Wholes(kind, vector, k)
        : new KnnFloatVectorQuery(Fields.DOC_KNN, vector, k, LuceneQueries.parents(kind, filters));
  }

  /** No user filters, and the kind is most of the index ({@link #mostOfTheIndex}). */
  private static boolean bitSetPath(IndexSearcher s, DocKind kind, Filters filters) throws IOException {
    return (filters == null || filters.isEmpty()) && mostOfTheIndex(s, kind);
  }

  private static final class Chunks extends DiversifyingChildrenFloatKnnVectorQuery {
    private final DocKind kind;
    private final QueryBitSetProducer bits;

    Chunks(DocKind kind, float[] vector, int k) {
      super(Fields.VECTOR, vector, null, k, LuceneQueries.parentsFilter());
      this.kind = kind;
      this.bits = bits("chunks:" + DocKinds.name(kind), LuceneQueries.chunksOfKind(kind));
    }

    @Override
    protected TopDocs approximateSearch(LeafReaderContext ctx, AcceptDocs acceptDocs, int visitedLimit,
        KnnCollectorManager manager) throws IOException {
      return search(bits, ctx, accept -> super.approximateSearch(ctx, accept, visitedLimit, manager));
    }

    @Override
    public boolean equals(Object o) {
      return super.equals(o) && kind == ((Chunks) o).kind;
    }

    @Override
    public int hashCode() {
      return Objects.hash(super.hashCode(), kind);
    }

    @Override
    public String toString(String field) {
      return "kind:" + DocKinds.name(kind) + " " + super.toString(field);
    }
  }

  private static final class Wholes extends KnnFloatVectorQuery {
    private final DocKind kind;
    private final QueryBitSetProducer bits;

    Wholes(DocKind kind, float[] vector, int k) {
      super(Fields.DOC_KNN, vector, k);
      this.kind = kind;
      this.bits = bits("parents:" + DocKinds.name(kind), LuceneQueries.parentsOfKind(kind));
    }

    @Override
    protected TopDocs approximateSearch(LeafReaderContext ctx, AcceptDocs acceptDocs, int visitedLimit,
        KnnCollectorManager manager) throws IOException {
      return search(bits, ctx, accept -> super.approximateSearch(ctx, accept, visitedLimit, manager));
    }

    @Override
    public boolean equals(Object o) {
      return super.equals(o) && kind == ((Wholes) o).kind;
    }

    @Override
    public int hashCode() {
      return Objects.hash(super.hashCode(), kind);
    }

    @Override
    public String toString(String field) {
      return "kind:" + DocKinds.name(kind) + " " + super.toString(field);
    }
  }
}
