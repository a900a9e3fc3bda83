package dev.rolematch.solr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.rolematch.index.CorpusStats;
import dev.rolematch.index.Fields;
import dev.rolematch.index.IndexInfo;
import java.io.IOException;
import java.util.Optional;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The collection's metadata document ({@code id=_rolematch_meta}, {@code doc_type=meta}): which
 * model built the vectors (what the embedded index keeps in its commit data) and the frozen corpus
 * statistics (what it keeps in {@code corpus-stats.json}), shared by every rolematch process that
 * uses the collection.
 */
final class SolrMeta {
  private SolrMeta() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  static SolrInputDocument document(IndexInfo info, CorpusStats stats) throws IOException {
    SolrInputDocument d = new SolrInputDocument();
    d.setField(Fields.ID, SolrDocuments.META_ID);
    d.setField(Fields.DOC_TYPE, SolrDocuments.META);
    info.toRecord().forEach(d::setField);
    if (stats != null) {
      d.setField(SolrDocuments.CORPUS_STATS, JSON.writeValueAsString(stats));
    }
    return d;
  }

  static IndexInfo info(SolrDocument d) {
    return IndexInfo.fromRecord(key -> str(d, key));
  }

  static Optional<CorpusStats> stats(SolrDocument d) throws IOException {
    String s = str(d, SolrDocuments.CORPUS_STATS);
    return s == null ? Optional.empty() : Optional.of(JSON.readValue(s, CorpusStats.class));
  }

  private static String str(SolrDocument d, String f) {
    Object v = d.getFirstValue(f);
    return v == null ? null : v.toString();
  }
}
