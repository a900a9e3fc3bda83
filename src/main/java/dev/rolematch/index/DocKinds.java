package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;

/** The stored (and JSON) name of a document kind: {@code posting}, {@code resume}. */
public final class DocKinds {
  private DocKinds() {}

  public static String name(DocKind kind) {
    return kind.wireName();
  }

  public static DocKind parse(String stored) {
    return DocKind.ofWireName(stored).orElseThrow(() -> new IllegalStateException("unknown stored kind '" + stored + "'"));
  }
}
