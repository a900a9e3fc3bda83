package dev.rolematch.index;

import dev.rolematch.ingest.integrity.IntegrityFlag;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;

/**
 * A document's integrity flags as stored fields of its parent: one {@link Fields#FLAGS} value per
 * flag, {@code kind US message US evidence} (US = the unit separator, U+001F, which normalised
 * text never holds). Documents indexed before flags existed have none.
 */
public final class StoredFlags {

  private static final char US = '\u001F';

  private StoredFlags() {}

  static void write(Document parent, List<IntegrityFlag> flags) {
    for (String v : encode(flags)) {
      parent.add(new StoredField(Fields.FLAGS, v));
    }
  }

  static List<IntegrityFlag> read(Document parent) {
    return decode(List.of(parent.getValues(Fields.FLAGS)));
  }

  /** The stored values of flags (every backend stores them the same way). */
  public static List<String> encode(List<IntegrityFlag> flags) {
    List<String> out = new ArrayList<>();
    for (IntegrityFlag f : flags == null ? List.<IntegrityFlag>of() : flags) {
      out.add(clean(f.kind()) + US + clean(f.message()) + US + clean(f.evidence()));
    }
    return out;
  }

  public static List<IntegrityFlag> decode(List<String> stored) {
    List<IntegrityFlag> out = new ArrayList<>();
    for (String v : stored) {
      String[] parts = v.split(String.valueOf(US), 3);
      if (parts.length == 3) {
        out.add(new IntegrityFlag(parts[0], parts[1], parts[2]));
      }
    }
    return out;
  }

  private static String clean(String s) {
    return s.replace(US, ' ');
  }
}
