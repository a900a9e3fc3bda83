package dev.rolematch.ingest;

import java.util.List;
import java.util.Objects;

/**
 * One document as read from disk: normalised text plus what we could tell about it.
 *
 * @param id normalised id, {@code [a-z0-9._-]+}
 * @param title first non-empty line (or the title given in a .jsonl record), at most 120 chars
 * @param sourcePath the file it came from
 * @param text normalised text (see {@link TextNormalizer}), possibly capped
 * @param warnings problems that did not stop reading (bad UTF-8, capped text), each naming the file
 * @param flags integrity flags decided while reading (hidden text, prompt injection; see
 *     {@link dev.rolematch.ingest.integrity}): what they flag is not in {@code text}
 */
public record SourceDocument(
    String id,
    DocKind kind,
    String title,
    String sourcePath,
    String text,
    Metadata metadata,
    List<String> warnings,
    List<dev.rolematch.ingest.integrity.IntegrityFlag> flags) {

  /** A document with no integrity flags. */
  public SourceDocument(String id, DocKind kind, String title, String sourcePath, String text, Metadata metadata,
      List<String> warnings) {
    this(id, kind, title, sourcePath, text, metadata, warnings, List.of());
  }

  public SourceDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    title = title == null ? "" : title;
    sourcePath = sourcePath == null ? "" : sourcePath;
    metadata = metadata == null ? Metadata.UNKNOWN : metadata;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** The same document with these flags. */
  public SourceDocument withFlags(List<dev.rolematch.ingest.integrity.IntegrityFlag> f) {
    return new SourceDocument(id, kind, title, sourcePath, text, metadata, warnings, f);
  }
}
