package dev.rolematch.index;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.BitSetIterator;

/**
 * A kNN filter answered from a bit set cached per segment ({@link QueryBitSetProducer}). A
 * filtered HNSW search turns its filter into a bit set first: for "all chunks of resumes" that
 * walked a conjunction over every chunk on every search (most of a kNN's time at 100k resumes);
 * a cached set is handed over as it is (deleted documents are still filtered out by the search).
 */
final class CachedFilter extends Query {
  private final Query source;
  private final QueryBitSetProducer bits;

  CachedFilter(Query source) {
    this.source = source;
    this.bits = new QueryBitSetProducer(source);
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        BitSet set = bits.getBitSet(context);
        if (set == null) {
          return null;
        }
        return new DefaultScorerSupplier(
            new ConstantScoreScorer(score(), scoreMode, new BitSetIterator(set, set.approximateCardinality())));
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return false; // cached already
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    source.visit(visitor.getSubVisitor(org.apache.lucene.search.BooleanClause.Occur.FILTER, this));
  }

  @Override
  public String toString(String field) {
    return "cached(" + source.toString(field) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return sameClassAs(o) && source.equals(((CachedFilter) o).source);
  }

  @Override
  public int hashCode() {
    return 31 * classHash() + source.hashCode();
  }
}
