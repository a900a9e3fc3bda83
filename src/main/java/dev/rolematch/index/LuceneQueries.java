package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * The Lucene backend's queries over its block layout (chunk children, then their parent): one
 * place that knows how kinds, ids, filters and the BM25 text query are spelled as Lucene queries.
 */
public final class LuceneQueries {
  private LuceneQueries() {}

  /** BM25 queries are an OR of at most this many distinct words (well under Lucene's clause limit). */
  public static final int MAX_LEXICAL_WORDS = 400;

  private static final BitSetProducer PARENTS =
      new QueryBitSetProducer(new TermQuery(new Term(Fields.DOC_TYPE, Fields.PARENT)));

  /** The analyzer of the BM25 text fields (and of the scorer's term sets, {@link TermSets}). */
  public static Analyzer analyzer() {
    return new EnglishAnalyzer();
  }

  /** Marks the parents of the block join. */
  public static BitSetProducer parentsFilter() {
    return PARENTS;
  }

  public static Query parent(String id) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.ID, id)), Occur.FILTER)
        .add(new TermQuery(new Term(Fields.DOC_TYPE, Fields.PARENT)), Occur.FILTER)
        .build();
  }

  public static Query parentsOfKind(DocKind kind) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.KIND, DocKinds.name(kind))), Occur.FILTER)
        .add(new TermQuery(new Term(Fields.DOC_TYPE, Fields.PARENT)), Occur.FILTER)
        .build();
  }

  public static Query chunksOfKind(DocKind kind) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.KIND, DocKinds.name(kind))), Occur.FILTER)
        .add(new TermQuery(new Term(Fields.DOC_TYPE, Fields.CHUNK)), Occur.FILTER)
        .build();
  }

  /** Parents of a kind that pass the filters (null: all). Bad filters are {@link IllegalArgumentException}s. */
  public static Query parents(DocKind kind, Filters filters) {
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(parentsOfKind(kind), Occur.FILTER);
    if (filters == null) {
      return b.build();
    }
    if (filters.must() != null && !filters.must().isBlank()) {
      b.add(MustQuery.parse(filters.must()), Occur.FILTER); // limits checked before Lucene parses
    }
    if (filters.location() != null && !filters.location().isBlank()) {
      Query loc = new QueryBuilder(analyzer()).createBooleanQuery(Fields.LOCATION, filters.location(), Occur.MUST);
      if (loc == null) {
        throw new IllegalArgumentException("the location filter '" + filters.location() + "' has no searchable words");
      }
      b.add(loc, Occur.FILTER);
    }
    if (filters.minYears() != null) {
      b.add(IntPoint.newRangeQuery(Fields.YEARS, filters.minYears(), Integer.MAX_VALUE), Occur.FILTER);
    }
    return b.build();
  }

  /** Chunks of a kind whose parent passes the filters: the block join carries the filter to the children. */
  public static Query chunks(DocKind kind, Filters filters) {
    if (filters == null || filters.isEmpty()) {
      return chunksOfKind(kind);
    }
    return new BooleanQuery.Builder()
        .add(chunksOfKind(kind), Occur.FILTER)
        .add(new ToChildBlockJoinQuery(parents(kind, filters), PARENTS), Occur.FILTER)
        .build();
  }

  /** The distinct lower-cased words of a text, at most {@link #MAX_LEXICAL_WORDS}, space-separated. */
  public static String lexicalWords(String text) {
    Set<String> words = new LinkedHashSet<>(List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}+#]+")));
    words.remove("");
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (String w : words) {
      if (n++ >= MAX_LEXICAL_WORDS) {
        break;
      }
      sb.append(w).append(' ');
    }
    return sb.toString();
  }

  /** OR of the text's analysed terms over the full-text field; null when none is searchable. */
  public static Query lexical(String text) {
    return new QueryBuilder(analyzer()).createBooleanQuery(Fields.TEXT, lexicalWords(text), Occur.SHOULD);
  }

  /** The top-level parent of a chunk (the next parent in its block). */
  public static int parentOf(IndexSearcher s, int childDoc) throws IOException {
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(childDoc, leaves));
    return leaf.docBase + PARENTS.getBitSet(leaf).nextSetBit(childDoc - leaf.docBase);
  }
}
