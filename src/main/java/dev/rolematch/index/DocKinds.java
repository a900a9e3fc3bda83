package dev.rolematch.index;

import dev.rolematch.ingest.DocKind;
import java.util.Locale;

/** The stored (and JSON) name of a document kind: {@code posting}, {@code resume}. */
public final class DocKinds {
  private DocKinds() {}

  public static String name(DocKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  public static DocKind parse(String stored) {
    return DocKind.valueOf(stored.toUpperCase(Locale.ROOT));
  }
}
