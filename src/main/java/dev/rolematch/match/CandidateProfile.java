package dev.rolematch.match;

import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.Metadata;
import java.util.List;
import java.util.Map;

/** The document side of a pair: chunk vectors, terms, whole-text vector, metadata. */
public record CandidateProfile(
    String id, String title, List<IndexedChunk> chunks, Map<String, Integer> terms, float[] docVector,
    Metadata metadata) {

  /** Document length in analysed terms (for BM25's length normalisation). */
  public int length() {
    int n = 0;
    for (int tf : terms.values()) {
      n += tf;
    }
    return n;
  }

  public static CandidateProfile of(StoredDocument d) {
    return new CandidateProfile(d.id(), d.title(), d.chunks(), d.terms() == null ? Map.of() : d.terms(),
        d.docVector(), d.metadata());
  }
}
