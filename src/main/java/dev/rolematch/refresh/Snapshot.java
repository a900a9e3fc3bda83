package dev.rolematch.refresh;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The candidate side of the index as one refresh saw it: resume id → SHA-256 of its text, with a
 * digest over the whole. Each posting's state in the store names the snapshot its rows were
 * computed against, so a later run can tell exactly which resumes changed, came or went since —
 * also for candidates that have no stored row because they fell outside the top K.
 */
record Snapshot(String digest, Map<String, String> shaById) {

  static Snapshot of(Map<String, String> shaById) {
    Map<String, String> sorted = Collections.unmodifiableMap(new TreeMap<>(shaById));
    return new Snapshot(ScorerVersion.sha256(encode(sorted)), sorted);
  }

  /** {@code id \0 sha \0} per resume, in id order (ids are file names: they never hold NUL). */
  byte[] encode() {
    return encode(shaById);
  }

  private static byte[] encode(Map<String, String> sorted) {
    StringBuilder sb = new StringBuilder(sorted.size() * 90);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      sb.append(e.getKey()).append('\0').append(e.getValue()).append('\0');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Snapshot decode(byte[] bytes, int offset, int length) {
    String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
    Map<String, String> m = new TreeMap<>();
    int i = 0;
    while (i < s.length()) {
      int a = s.indexOf('\0', i);
      int b = s.indexOf('\0', a + 1);
      m.put(s.substring(i, a), s.substring(a + 1, b));
      i = b + 1;
    }
    return of(m);
  }
}
