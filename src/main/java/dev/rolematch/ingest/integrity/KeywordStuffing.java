package dev.rolematch.ingest.integrity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keyword stuffing in a resume, from its stored chunks and term frequencies (so it runs at query
 * time on any index): a long keyword list ({@link ListText}) whose items mostly appear in no other
 * sentence of the resume (no experience, project or education line says where they were used), or
 * one term repeated far above the rate of a normal text. The score does not rest on the list
 * alone either: see {@code match.PairScorer}, where a list chunk counts at most a margin above the
 * resume's best other passage.
 */
public final class KeywordStuffing {

  private KeywordStuffing() {}

  /** One stored chunk: the heading it sits under and its text. */
  public record Passage(String section, String text) {}

  /** Distinct list items before an unsupported list is worth a flag. */
  static final int MIN_LISTED = 20;
  /** Share of the resume's words that sit in keyword lists (sample resumes: 0.2–0.3; the stuffed ones 0.4–0.75). */
  static final double LIST_WORD_SHARE = 0.4;
  /** Share of list items that nothing else in the resume mentions. */
  static final double UNSUPPORTED_SHARE = 0.5;
  /** A term is stuffed when it appears at least this often ... */
  static final int MIN_REPEATS = 15;
  /** ... and makes up at least this share of the resume's terms (real resumes: at most 9 %, a tester's "test"). */
  static final double REPEAT_SHARE = 0.12;

  /** Contact details in a header line are not keywords. */
  private static final java.util.regex.Pattern CONTACT = java.util.regex.Pattern.compile("@|://|\\bwww\\.|\\+?\\d[\\d ()-]{6,}");

  public static List<IntegrityFlag> check(List<Passage> passages, Map<String, Integer> termFrequencies) {
    List<IntegrityFlag> flags = new ArrayList<>();
    IntegrityFlag list = unsupportedList(passages);
    if (list != null) {
      flags.add(list);
    }
    IntegrityFlag repeated = repeatedTerms(termFrequencies);
    if (repeated != null) {
      flags.add(repeated);
    }
    return flags;
  }

  static IntegrityFlag unsupportedList(List<Passage> passages) {
    Set<String> listed = new LinkedHashSet<>();
    Set<String> proseWords = new HashSet<>();
    int words = 0;
    int listWords = 0;
    for (Passage p : passages) {
      int n = ListText.countWords(p.text());
      words += n;
      if (ListText.isListOnly(p.section(), p.text())) {
        listWords += n;
        for (String item : itemsOf(p.text())) {
          if (!ListText.contentWords(item).isEmpty() && !CONTACT.matcher(item).find()) {
            listed.add(item);
          }
        }
      } else {
        proseWords.addAll(ListText.contentWords(p.text()));
      }
    }
    Set<String> seen = new HashSet<>();
    List<String> unsupported = new ArrayList<>();
    int distinct = 0;
    for (String item : listed) {
      if (!seen.add(item.toLowerCase(Locale.ROOT))) {
        continue;
      }
      distinct++;
      List<String> itemWords = ListText.contentWords(item);
      int found = 0;
      for (String w : itemWords) {
        if (proseWords.contains(w)) {
          found++;
        }
      }
      if (found * 2 < itemWords.size()) {
        unsupported.add(item);
      }
    }
    if (words == 0 || listWords < LIST_WORD_SHARE * words || distinct < MIN_LISTED
        || unsupported.size() < UNSUPPORTED_SHARE * distinct) {
      return null;
    }
    return new IntegrityFlag(IntegrityFlag.KEYWORD_STUFFING,
        String.format(Locale.ROOT, "%.0f %% of the resume is keyword lists, and %d of its %d listed keywords appear"
            + " in no experience, project or other sentence; in the score a list counts at most a margin above"
            + " the resume's other passages", 100.0 * listWords / words, unsupported.size(), distinct),
        String.join(", ", unsupported));
  }

  /** A list chunk's items: its list sentences, or every line when it is a skills section of short lines. */
  private static List<String> itemsOf(String text) {
    List<String> items = ListText.listItems(text);
    if (!items.isEmpty()) {
      return items;
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.replaceFirst("^\\s*[-*•·]\\s*", "").strip();
      if (!l.isEmpty() && ListText.countWords(l) <= 4) {
        lines.add(l);
      }
    }
    return lines;
  }

  static IntegrityFlag repeatedTerms(Map<String, Integer> tf) {
    if (tf == null || tf.isEmpty()) {
      return null;
    }
    long total = 0;
    for (int n : tf.values()) {
      total += n;
    }
    List<String> stuffed = new ArrayList<>();
    for (Map.Entry<String, Integer> e : tf.entrySet()) {
      if (e.getValue() >= MIN_REPEATS && e.getValue() >= REPEAT_SHARE * total) {
        stuffed.add(String.format(Locale.ROOT, "'%s' %d times (%.0f %% of %d terms)", e.getKey(), e.getValue(),
            100.0 * e.getValue() / total, total));
      }
    }
    if (stuffed.isEmpty()) {
      return null;
    }
    return new IntegrityFlag(IntegrityFlag.KEYWORD_STUFFING,
        "terms repeated far above the rate of a normal resume; BM25 saturates repeated terms, so repeating"
            + " them adds little to the score",
        String.join("; ", stuffed));
  }
}
