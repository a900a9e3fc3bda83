package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import java.util.List;

/**
 * A document as the index holds it: text, metadata, its embedded chunks, (when loaded from the
 * index) its analysed term frequencies, and for a posting its title embedded as a query (a real
 * posting's title says what is wanted better than any one of its sentences).
 */
public record StoredDocument(
    String id,
    DocKind kind,
    String title,
    String source,
    String text,
    String sha256,
    Metadata metadata,
    List<String> warnings,
    float[] docVector,
    List<IndexedChunk> chunks,
    java.util.Map<String, Integer> terms,
    float[] titleVector) {

  /** As loaded from an index without title vectors (or a resume: its title is a name). */
  public StoredDocument(String id, DocKind kind, String title, String source, String text,
      String sha256, Metadata metadata, List<String> warnings, float[] docVector,
      List<IndexedChunk> chunks, java.util.Map<String, Integer> terms) {
    this(id, kind, title, source, text, sha256, metadata, warnings, docVector, chunks, terms, null);
  }

  /** A document about to be indexed (its term set is computed by the index). */
  public StoredDocument(String id, DocKind kind, String title, String source, String text,
      String sha256, Metadata metadata, List<String> warnings, float[] docVector,
      List<IndexedChunk> chunks) {
    this(id, kind, title, source, text, sha256, metadata, warnings, docVector, chunks, null);
  }
}
