package dev.rolematch.index;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * Lexical statistics of the corpus being searched, frozen as a snapshot: document frequency of
 * every full-text term seen in at least two documents, the number of documents and their mean
 * length. The lexical features of a score use these rather than the live index, so a stored score
 * does not move each time an unrelated document is added; the snapshot is retaken only when the
 * corpus has drifted (its size changed by more than {@link #DRIFT} or {@link #MIN_DRIFT_DOCS}
 * documents, whichever is larger), and since the snapshot is part of what a score depends on
 * (refresh's scorer version hashes it), retaking it marks stored scores stale once.
 *
 * <p>Lives beside the Lucene files of the document index ({@code <index>/<generation>/corpus-stats.json}:
 * Lucene leaves files that are not its own alone), so it travels with the index it describes and
 * a reindex starts its own; written atomically by writers. The fingerprint is a hash of the
 * content, so two indexes with the same documents have the same snapshot identity.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CorpusStats(
    int docs,
    @JsonProperty("average_length") double averageLength,
    @JsonProperty("taken_at") String takenAt,
    String fingerprint,
    Map<String, Integer> df) {

  public static final String FILE = "corpus-stats.json";

  /** Relative change in the number of documents that makes the snapshot stale. */
  public static final double DRIFT = 0.2;

  /** ... but never fewer documents than this (small indexes change by large fractions). */
  public static final int MIN_DRIFT_DOCS = 10;

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  public static final CorpusStats EMPTY = new CorpusStats(0, 0, "", "empty", Map.of());

  /** BM25's idf: {@code ln(1 + (N − df + 0.5) / (df + 0.5))}; a term absent from the table counts as seen once. */
  public double idf(String term) {
    Integer d = df.get(term);
    int n = Math.max(1, docs);
    int f = d == null ? 1 : d;
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  }

  /** Whether a corpus of {@code liveDocs} documents has drifted away from this snapshot. */
  public boolean staleFor(int liveDocs) {
    return Math.abs(liveDocs - docs) > Math.max(MIN_DRIFT_DOCS, DRIFT * docs);
  }

  /** Statistics of the full-text field of the searcher's documents (parents only carry it). */
  public static CorpusStats of(IndexSearcher s) throws IOException {
    IndexReader reader = s.getIndexReader();
    Terms terms = MultiTerms.getTerms(reader, Fields.TEXT);
    if (terms == null) {
      return new CorpusStats(0, 0, Instant.now().toString(), "empty", Map.of());
    }
    int docs = terms.getDocCount();
    double avg = docs == 0 ? 0 : terms.getSumTotalTermFreq() / (double) docs;
    Map<String, Integer> df = new TreeMap<>();
    TermsEnum te = terms.iterator();
    for (BytesRef t = te.next(); t != null; t = te.next()) {
      if (te.docFreq() >= 2) {
        df.put(t.utf8ToString(), te.docFreq());
      }
    }
    double average = Math.round(avg * 100) / 100.0;
    return new CorpusStats(docs, average, Instant.now().toString(), fingerprint(docs, average, df), df);
  }

  /**
   * The same statistics from counts made elsewhere (a store that is not a Lucene index computes
   * them from its documents' analysed terms): {@code docs} documents with at least one term,
   * {@code totalTerms} terms in all, and each term's document frequency (terms seen once are
   * dropped here, as above).
   */
  public static CorpusStats of(int docs, long totalTerms, Map<String, Integer> docFreqs) {
    double avg = docs == 0 ? 0 : totalTerms / (double) docs;
    Map<String, Integer> df = new TreeMap<>();
    docFreqs.forEach((t, f) -> {
      if (f >= 2) {
        df.put(t, f);
      }
    });
    if (docs == 0) {
      return new CorpusStats(0, 0, Instant.now().toString(), "empty", Map.of());
    }
    double average = Math.round(avg * 100) / 100.0;
    return new CorpusStats(docs, average, Instant.now().toString(), fingerprint(docs, average, df), df);
  }

  static String fingerprint(int docs, double average, Map<String, Integer> df) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update((docs + "|" + average + "|").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (var e : df.entrySet()) { // a TreeMap: sorted, so the hash depends on content only
        md.update((e.getKey() + "=" + e.getValue() + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Optional<CorpusStats> read(Path root) throws IOException {
    Path f = root.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), CorpusStats.class));
  }

  /** Writes the snapshot atomically (temp file, then rename). */
  public void write(Path root) throws IOException {
    Files.createDirectories(root);
    Path tmp = root.resolve(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, root.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
