package dev.rolematch.solr;

import dev.rolematch.index.DocKinds;
import dev.rolematch.index.Fields;
import dev.rolematch.index.Filters;
import dev.rolematch.index.LuceneQueries;
import dev.rolematch.ingest.DocKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.util.ClientUtils;

/**
 * How kinds, filters, kNN and the BM25 text are spelled as Solr queries over the block layout:
 * the Solr twin of {@code index.LuceneQueries}. Filters are checked by the embedded index's own
 * parser first ({@link Filters#checked()}: same limits, same messages), then sent as Solr filter
 * queries; user text only ever travels in parameters dereferenced by a fixed parser ({@code v=$p}),
 * so it cannot switch parsers.
 */
final class SolrQueries {
  private SolrQueries() {}

  static final String ALL_PARENTS = Fields.DOC_TYPE + ":" + Fields.PARENT;

  /** Chunks fetched per kNN search: {@code k × OVERFETCH} (at least {@link #MIN_TOP_K}), per shard. */
  static final int OVERFETCH = 8;
  static final int MIN_TOP_K = 100;

  static int chunkTopK(int k) {
    return Math.max(MIN_TOP_K, k * OVERFETCH);
  }

  static String term(String field, String value) {
    return field + ":" + ClientUtils.escapeQueryChars(value);
  }

  /**
   * The parent filters for a kind and the user's filters, each a complete query string whose
   * user parts are parameters of {@code q}: at most one must, one location.
   */
  static List<String> parentFilters(DocKind kind, Filters filters, SolrQuery q) {
    List<String> fq = new ArrayList<>();
    fq.add(ALL_PARENTS);
    fq.add(term(Fields.KIND, DocKinds.name(kind)));
    if (filters == null) {
      return fq;
    }
    filters.checked(); // the must-have limits and the location's words, as on the embedded index
    if (filters.must() != null && !filters.must().isBlank()) {
      String must = filters.must();
      if (must.contains("_query_") || must.contains("{!")) {
        throw new IllegalArgumentException("invalid --must query: '_query_' and '{!' are not allowed");
      }
      q.set("rm_must", must);
      fq.add("{!lucene df=" + Fields.TEXT + " q.op=AND v=$rm_must}");
    }
    if (filters.location() != null && !filters.location().isBlank()) {
      q.set("rm_location", escapedWords(filters.location()));
      fq.add("{!lucene df=" + Fields.LOCATION + " q.op=AND sow=false v=$rm_location}");
    }
    if (filters.minYears() != null) {
      fq.add(Fields.YEARS + ":[" + filters.minYears() + " TO *]");
    }
    return fq;
  }

  /**
   * kNN over a kind's chunks whose parent passes the filters (the filter is a pre-filter inside
   * the HNSW search), each parent scored by its best chunk ({@code score=max}).
   */
  static SolrQuery nearest(DocKind kind, float[] vector, int k, Filters filters) {
    SolrQuery q = new SolrQuery();
    List<String> parents = parentFilters(kind, filters, q);
    StringBuilder all = new StringBuilder("{!bool");
    for (int i = 0; i < parents.size(); i++) {
      q.set("rm_pf" + i, parents.get(i));
      all.append(" filter=$rm_pf").append(i);
    }
    q.set("rm_parents", all.append('}').toString());
    q.set("rm_chunk_type", Fields.DOC_TYPE + ":" + Fields.CHUNK);
    q.set("rm_chunk_parents", "{!child of=" + ALL_PARENTS + " v=$rm_parents}");
    q.set("rm_prefilter", "{!bool filter=$rm_chunk_type filter=$rm_chunk_parents}");
    q.set("rm_knn", "{!knn f=" + Fields.VECTOR + " topK=" + chunkTopK(k) + " preFilter=$rm_prefilter}"
        + vectorText(vector));
    q.setQuery("{!parent which=" + ALL_PARENTS + " score=max v=$rm_knn}");
    for (int i = 0; i < parents.size(); i++) {
      q.addFilterQuery(parents.get(i)); // parents of the kind only (and filtered twice: cheap, cached)
    }
    q.setFields(Fields.ID, "score");
    q.setRows(k);
    return q;
  }

  /** BM25 over the full text: an OR of the query text's words, analysed by the field. Null when it has no words. */
  static SolrQuery lexical(DocKind kind, String text, int k, Filters filters) {
    String words = LuceneQueries.lexicalWords(text).strip();
    if (words.isEmpty()) {
      return null;
    }
    SolrQuery q = new SolrQuery();
    for (String fq : parentFilters(kind, filters, q)) {
      q.addFilterQuery(fq);
    }
    q.set("rm_words", escapedWords(words));
    q.setQuery("{!lucene df=" + Fields.TEXT + " q.op=OR sow=false v=$rm_words}");
    q.setFields(Fields.ID, "score");
    q.setRows(k);
    return q;
  }

  private static String escapedWords(String text) {
    StringBuilder sb = new StringBuilder();
    for (String w : text.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : " ").append(ClientUtils.escapeQueryChars(w));
      }
    }
    return sb.toString();
  }

  /** A vector as the kNN parser reads it: each float's shortest exact decimal, so Solr gets the same bits. */
  static String vectorText(float[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(Float.toString(v[i]).toLowerCase(Locale.ROOT));
    }
    return sb.append(']').toString();
  }
}
