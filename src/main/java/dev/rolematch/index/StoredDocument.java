package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.Metadata;
import dev.rolematch.ingest.integrity.IntegrityFlag;
import java.util.List;

/**
 * A document as the index holds it: text, metadata, its embedded chunks, (when loaded from the
 * index) its analysed term frequencies, and for a posting its title embedded as a query (a real
 * posting's title says what is wanted better than any one of its sentences), and the integrity
 * flags decided when it was read (hidden text, prompt injection: what they flag is not in {@code
 * text}).
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
    float[] titleVector,
    List<IntegrityFlag> flags) {

  public StoredDocument {
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** Without integrity flags (documents indexed before flags existed, tests). */
  public StoredDocument(String id, DocKind kind, String title, String source, String text,
      String sha256, Metadata metadata, List<String> warnings, float[] docVector,
      List<IndexedChunk> chunks, java.util.Map<String, Integer> terms, float[] titleVector) {
    this(id, kind, title, source, text, sha256, metadata, warnings, docVector, chunks, terms, titleVector, List.of());
  }

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
