package dev.rolematch.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/** Analysed (stemmed, stop words removed) terms, with the analyzer of the BM25 field. */
public final class TermSets {
  private static final Analyzer ANALYZER = LuceneQueries.analyzer();

  private TermSets() {}

  /** Distinct analysed terms, in first-seen order. */
  public static Set<String> of(String text) {
    return frequencies(text).keySet();
  }

  /** Analysed term → frequency, in first-seen order. */
  public static Map<String, Integer> frequencies(String text) {
    Map<String, Integer> terms = new LinkedHashMap<>();
    try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (term.length() > 1) {
          terms.merge(term.toString(), 1, Integer::sum);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  /**
   * Where in {@code text} the analysed terms in {@code terms} occur: {@code [start, end)} character
   * offsets (UTF-16 units, as Java and JavaScript index strings) of each matching token, in order.
   */
  public static List<int[]> offsets(String text, Set<String> terms) {
    List<int[]> out = new ArrayList<>();
    if (text == null || text.isEmpty() || terms.isEmpty()) {
      return out;
    }
    try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (term.length() > 1 && terms.contains(term.toString())) {
          out.add(new int[] {offset.startOffset(), offset.endOffset()});
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** "term:tf term:tf ..." as stored in the index. */
  public static String encode(Map<String, Integer> tf) {
    StringBuilder sb = new StringBuilder();
    for (var e : tf.entrySet()) {
      sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append(':').append(e.getValue());
    }
    return sb.toString();
  }

  public static Map<String, Integer> decode(String stored) {
    Map<String, Integer> tf = new HashMap<>();
    if (stored == null || stored.isEmpty()) {
      return tf;
    }
    // "term:tf" items split on single spaces (String.split: trailing empty items dropped), the
    // count after the item's last colon; an item without one (or starting with it) counts once.
    // One pass, no item strings: every resume of a refresh and every pooled candidate is decoded.
    int n = stored.length();
    while (n > 0 && stored.charAt(n - 1) == ' ') {
      n--;
    }
    for (int start = 0; start < n; ) {
      int end = stored.indexOf(' ', start);
      if (end < 0 || end > n) {
        end = n;
      }
      int colon = stored.lastIndexOf(':', end - 1);
      if (colon > start) {
        tf.put(stored.substring(start, colon), Integer.parseInt(stored, colon + 1, end, 10));
      } else {
        tf.put(stored.substring(start, end), 1);
      }
      start = end + 1;
    }
    return tf;
  }
}
