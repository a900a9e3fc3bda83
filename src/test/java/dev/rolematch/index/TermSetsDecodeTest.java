package dev.rolematch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass decoding of stored term frequencies reads what the split it replaced read. */
class TermSetsDecodeTest {

  /** {@code decode} as it was: the oracle. */
  private static Map<String, Integer> oracle(String stored) {
    Map<String, Integer> tf = new HashMap<>();
    if (stored == null || stored.isEmpty()) {
      return tf;
    }
    for (String item : stored.split(" ")) {
      int colon = item.lastIndexOf(':');
      if (colon > 0) {
        tf.put(item.substring(0, colon), Integer.parseInt(item.substring(colon + 1)));
      } else {
        tf.put(item, 1);
      }
    }
    return tf;
  }

  private static final String[] PIECES = {"python", "pytorch", "c++", "node.j", "ml", "x", "a:b", "http://x",
    "\u00e9cole", "\u30c6\u30b9\u30c8", "\uD835\uDC00"};

  @Test
  void decodesWhatTheSplitDecoded() {
    Random r = new Random(17);
    for (int t = 0; t < 20_000; t++) {
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(12); k > 0; k--) {
        switch (r.nextInt(8)) {
          case 0 -> sb.append(' ');
          case 1 -> sb.append(PIECES[r.nextInt(PIECES.length)]);
          case 2 -> sb.append(':').append(1 + r.nextInt(20));
          default -> sb.append(PIECES[r.nextInt(PIECES.length)]).append(':').append(1 + r.nextInt(300)).append(' ');
        }
      }
      String stored = sb.toString();
      assertEquals(outcome(() -> oracle(stored)), outcome(() -> TermSets.decode(stored)),
          () -> "stored: '" + stored + "'");
    }
  }

  /** The map, or the exception's class where decoding fails (a count that is not a number). */
  private static Object outcome(java.util.function.Supplier<Map<String, Integer>> decode) {
    try {
      return decode.get();
    } catch (RuntimeException e) {
      return e.getClass();
    }
  }

  @Test
  void roundTripsWhatEncodeWrites() {
    Map<String, Integer> tf = new LinkedHashMap<>();
    tf.put("python", 3);
    tf.put("c++", 1);
    tf.put("a:b", 12);
    assertEquals(tf, TermSets.decode(TermSets.encode(tf)));
    assertEquals(Map.of(), TermSets.decode(""));
    assertEquals(Map.of(), TermSets.decode(null));
    assertThrows(NumberFormatException.class, () -> TermSets.decode("python:"));
    assertThrows(NumberFormatException.class, () -> oracle("python:"));
  }
}
