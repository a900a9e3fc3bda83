package dev.rolematch.solr;

import dev.rolematch.index.LuceneQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Every analysed term of a text with its frequency, one-letter terms included: what the embedded
 * index's full-text field holds for the document, so corpus statistics computed from these maps
 * are the ones {@code CorpusStats.of} reads from Lucene's terms dictionary. Computed on the client
 * with the embedded index's analyzer (Solr's own analysis only serves its BM25 candidates).
 */
final class SolrTerms {
  private static final Analyzer ANALYZER = LuceneQueries.analyzer();

  private SolrTerms() {}

  static Map<String, Integer> allFrequencies(String text) {
    Map<String, Integer> terms = new LinkedHashMap<>();
    try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.merge(term.toString(), 1, Integer::sum);
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }
}
