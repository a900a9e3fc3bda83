package dev.rolematch.ingest;

import java.util.List;

/** Chunks of one text plus warnings (e.g. the chunk limit was hit and the tail was dropped). */
public record ChunkedText(List<Chunk> chunks, List<String> warnings) {

  public ChunkedText {
    chunks = List.copyOf(chunks);
    warnings = List.copyOf(warnings);
  }
}
