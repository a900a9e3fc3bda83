package dev.rolematch.match;

import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.RoleProfile;
import dev.rolematch.ingest.integrity.ListText;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The document side of a pair: chunk vectors, terms, whole-text vector, metadata.
 *
 * @param listChunks indexes into {@code chunks} of a resume's bare keyword lists ({@link ListText});
 *     empty when none (or not known): the scorer lets them count at most a margin above the rest
 * @param length the document's length in analysed terms (BM25's length normalisation), summed
 *     once when the profile is made rather than for every pair
 */
public record CandidateProfile(
    String id, String title, List<IndexedChunk> chunks, Map<String, Integer> terms, float[] docVector,
    Metadata metadata, RoleProfile role, BitSet listChunks, int length) {

  public CandidateProfile {
    listChunks = listChunks == null ? new BitSet() : listChunks;
  }

  public CandidateProfile(String id, String title, List<IndexedChunk> chunks, Map<String, Integer> terms,
      float[] docVector, Metadata metadata, RoleProfile role, BitSet listChunks) {
    this(id, title, chunks, terms, docVector, metadata, role, listChunks, length(terms));
  }

  public CandidateProfile(String id, String title, List<IndexedChunk> chunks, Map<String, Integer> terms,
      float[] docVector, Metadata metadata) {
    this(id, title, chunks, terms, docVector, metadata, RoleProfile.UNKNOWN);
  }

  public CandidateProfile(String id, String title, List<IndexedChunk> chunks, Map<String, Integer> terms,
      float[] docVector, Metadata metadata, RoleProfile role) {
    this(id, title, chunks, terms, docVector, metadata, role, null);
  }

  /** Which of a resume's chunks are bare keyword lists (postings: none; their chunks are requirements). */
  public static BitSet listChunks(StoredDocument d) {
    BitSet out = new BitSet();
    if (d.kind() != dev.rolematch.ingest.DocKind.RESUME || d.chunks() == null) {
      return out;
    }
    for (int i = 0; i < d.chunks().size(); i++) {
      IndexedChunk c = d.chunks().get(i);
      if (ListText.isListOnly(c.section(), c.text())) {
        out.set(i);
      }
    }
    return out;
  }

  /** Document length in analysed terms: the sum of its term frequencies. */
  private static int length(Map<String, Integer> terms) {
    int n = 0;
    for (int tf : terms.values()) {
      n += tf;
    }
    return n;
  }

  public static CandidateProfile of(StoredDocument d) {
    return new CandidateProfile(d.id(), d.title(), d.chunks(), d.terms() == null ? Map.of() : d.terms(),
        d.docVector(), d.metadata(), roleOf(d), listChunks(d));
  }

  /** The document's role: a resume's stage and family, or (postings for a candidate) a posting's. */
  public static RoleProfile roleOf(StoredDocument d) {
    if (d.text() == null) {
      return RoleProfile.UNKNOWN;
    }
    return d.kind() == dev.rolematch.ingest.DocKind.POSTING
        ? RoleProfile.ofPosting(d.title(), d.text(), d.metadata() == null ? null : d.metadata().yearsExperience())
        : RoleProfile.ofResume(d.text(), d.metadata(), java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
  }
}
