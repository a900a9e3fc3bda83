package dev.rolematch.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.ingest.ParsedPosting;
import dev.rolematch.ingest.PostingParser;
import dev.rolematch.ingest.Requirement;
import dev.rolematch.ingest.RequirementKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well {@link PostingParser} puts each line of a real posting into the right kind.
 *
 * <p>Input: JSONL postings with the employer's own split ({@code title}, {@code responsibilities},
 * {@code minimum}, {@code preferred}; one list item per element). Each posting is rendered in the
 * shapes users paste ({@link Shape}), parsed, and every ground-truth item is looked up in the
 * parsed requirements.
 *
 * <p>Matching works on normalised words (lower case, every run of characters that are not letters
 * or digits is one separator). A requirement covers words of an item when
 *
 * <ul>
 *   <li>the whole item occurs inside the requirement (the parser merged items), or
 *   <li>the requirement occurs inside the item (the parser split an item into sentences), counted
 *       only when the requirement has at least {@link #MIN_PIECE} words or is the whole item, so
 *       that a short requirement ("Python") does not claim words of an unrelated item, or
 *   <li>a suffix of the item is a prefix of the requirement, or a prefix of the item a suffix of
 *       it, of at least {@link #MIN_PIECE} words (a requirement that runs across an item boundary).
 * </ul>
 *
 * A word is <em>right</em> when some requirement of the item's kind covers it, <em>wrong</em> when
 * only requirements of other kinds do, <em>lost</em> when none does. Each item scores the share of
 * its words in each state; a shape's {@code right}, {@code wrong} and {@code lost} are the means
 * over all items (so they add up to 1), {@code words_right} is the same share weighted by words.
 *
 * <p>Size note (just over 400 lines): one concept, the word-coverage scoring of a parse against the
 * employer's split; rendering the shapes is {@link PostingShapes}.
 */
public final class ParserEval {

  /** Fewest words of a partial match (requirement inside or overlapping an item). */
  public static final int MIN_PIECE = 3;

  /** The shapes a posting is rendered in. */
  public enum Shape {
    MARKDOWN("markdown", true),
    FLATTENED("flattened", true),
    RENAMED("renamed", true),
    FLATTENED_RENAMED("flattened-renamed", true),
    NO_HEADINGS("no-headings", false),
    /** (c)'s headings inline without colons, as a copy-paste of headings lines gives. */
    FLATTENED_NO_COLONS("flattened-no-colons", false);

    public final String label;
    /** Whether the shape counts towards the goal and --min-accuracy (headings with colons or lines). */
    public final boolean goal;

    Shape(String label, boolean goal) {
      this.label = label;
      this.goal = goal;
    }
  }

  public record Posting(
      String id, String title, List<String> responsibilities, List<String> minimum,
      List<String> preferred) {

    List<String> items(RequirementKind kind) {
      return switch (kind) {
        case DUTY -> responsibilities;
        case MUST -> minimum;
        case NICE -> preferred;
        case TOPIC -> List.of();
      };
    }
  }

  /** One ground-truth item that did not land fully in its kind (for --misses). */
  public record Miss(String postingId, String kind, double right, double lost, double wrong,
      String item, List<String> overlapping) {}

  /** Results of one shape. */
  public record Row(
      String shape,
      boolean goal,
      int postings,
      int items,
      double right,
      double lost,
      double wrong,
      double wordsRight,
      Map<String, Double> rightByKind,
      int postingsWithNotes,
      int errors,
      Map<String, Integer> notes,
      List<Miss> misses) {}

  static final RequirementKind[] KINDS = {
    RequirementKind.DUTY, RequirementKind.MUST, RequirementKind.NICE
  };

  static final List<String> DUTY_NAMES =
      List.of("What you'll be doing", "Your role", "In this role you will", "Key responsibilities",
          "What you will do");
  static final List<String> MUST_NAMES =
      List.of("What we need to see", "Basic qualifications", "Requirements", "Must have",
          "You have");
  static final List<String> NICE_NAMES =
      List.of("Ways to stand out from the crowd", "Nice to have", "Bonus points", "Preferred",
          "It would be great if you have");

  private ParserEval() {}

  /** Reads the postings (one JSON object a line; blank lines skipped). */
  public static List<Posting> read(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Posting> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode o;
        try {
          o = mapper.readTree(line);
        } catch (IOException e) {
          throw new IOException(file + ":" + n + ": not JSON: " + e.getMessage(), e);
        }
        out.add(new Posting(
            o.path("posting_id").asText("line" + n), o.path("title").asText(""),
            strings(o.path("responsibilities")), strings(o.path("minimum")),
            strings(o.path("preferred"))));
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      String s = n.asText("").strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** The posting as a user would paste it in the given shape ({@link PostingShapes}). */
  public static String render(Posting p, Shape shape) {
    return PostingShapes.render(p, shape);
  }

  // ---------------------------------------------------------------------------------------------
  // scoring

  /** Lower case words: runs of letters and digits. */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    String lower = s.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = lower.length();
    while (i < n) {
      int cp = lower.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        int j = i;
        while (j < n && Character.isLetterOrDigit(lower.codePointAt(j))) {
          j += Character.charCount(lower.codePointAt(j));
        }
        out.add(lower.substring(i, j));
        i = j;
      } else {
        i += Character.charCount(cp);
      }
    }
    return out;
  }

  private record Parsed(List<String> words, RequirementKind kind, String text) {}

  /** One word of the ground truth, in the order the shapes render it. */
  private record Word(String word, RequirementKind kind, int item) {}

  /**
   * Word states of every ground-truth word of a posting (0 lost, 1 wrong kind, 2 right kind).
   *
   * <p>First pass, in document order: each requirement is looked up as a run of words in the
   * posting's word stream from where the previous one was found (then, failing that, anywhere);
   * this places short pieces ("CISM" of "CISA; CISM; ITIL") where they came from. Second pass, for
   * requirements the first did not place (their text was changed or joined with other text): a
   * whole item inside the requirement, or an overlap of at least {@link #MIN_PIECE} words between
   * the start or end of an item and the end or start of the requirement.
   */
  static int[] cover(List<Word> stream, List<List<String>> itemWords, List<Integer> itemStart,
      List<Parsed> reqs, Map<Integer, List<String>> hits) {
    int[] state = new int[stream.size()];
    List<String> all = new ArrayList<>(stream.size());
    for (Word w : stream) {
      all.add(w.word());
    }
    int cursor = 0;
    for (Parsed r : reqs) {
      List<String> w = r.words();
      if (w.isEmpty()) {
        continue;
      }
      int at = indexOf(all, w, cursor);
      if (at < 0) {
        at = indexOf(all, w, 0);
      } else {
        cursor = at + w.size();
      }
      if (at >= 0) {
        mark(stream, state, at, at + w.size(), r, hits);
        continue;
      }
      for (int i = 0; i < itemWords.size(); i++) {
        List<String> item = itemWords.get(i);
        int s = itemStart.get(i);
        int n = item.size();
        if (n <= w.size() && indexOf(w, item, 0) >= 0) {
          mark(stream, state, s, s + n, r, hits);
          continue;
        }
        for (int k = Math.min(n, w.size()); k >= MIN_PIECE; k--) {
          if (item.subList(n - k, n).equals(w.subList(0, k))) {
            mark(stream, state, s + n - k, s + n, r, hits);
            break;
          }
          if (item.subList(0, k).equals(w.subList(w.size() - k, w.size()))) {
            mark(stream, state, s, s + k, r, hits);
            break;
          }
        }
      }
    }
    return state;
  }

  /**
   * An item repeated in its section (the data has a few) is kept once by the parser's dedupe; each
   * copy scores as the best-placed one.
   */
  private static void shareTwins(int[] state, List<List<String>> itemWords, List<Integer> itemStart,
      List<RequirementKind> itemKind) {
    for (int i = 0; i < itemWords.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (itemKind.get(i) == itemKind.get(j) && itemWords.get(i).equals(itemWords.get(j))) {
          for (int k = 0; k < itemWords.get(i).size(); k++) {
            int a = itemStart.get(i) + k;
            int b = itemStart.get(j) + k;
            int best = Math.max(state[a], state[b]);
            state[a] = best;
            state[b] = best;
          }
        }
      }
    }
  }

  private static void mark(List<Word> stream, int[] state, int from, int to, Parsed r,
      Map<Integer, List<String>> hits) {
    for (int i = from; i < to; i++) {
      Word w = stream.get(i);
      state[i] = Math.max(state[i], w.kind() == r.kind() ? 2 : 1);
      if (hits != null) {
        List<String> h = hits.computeIfAbsent(w.item(), unused -> new ArrayList<>());
        String line = r.kind() + ": " + r.text();
        if (!h.contains(line)) {
          h.add(line);
        }
      }
    }
  }

  private static int indexOf(List<String> hay, List<String> needle, int from) {
    int m = needle.size();
    outer:
    for (int i = from; i + m <= hay.size(); i++) {
      for (int j = 0; j < m; j++) {
        if (!hay.get(i + j).equals(needle.get(j))) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Parses every posting in the shape and scores it; keeps up to maxMisses worst items. */
  public static Row evaluate(List<Posting> postings, Shape shape, PostingParser parser, int maxMisses) {
    int items = 0;
    double right = 0;
    double lost = 0;
    double wrong = 0;
    long words = 0;
    long wordsRight = 0;
    Map<RequirementKind, double[]> byKind = new EnumMap<>(RequirementKind.class);
    int withNotes = 0;
    int errors = 0;
    Map<String, Integer> notes = new TreeMap<>();
    List<Miss> misses = new ArrayList<>();
    for (Posting p : postings) {
      List<Parsed> reqs = new ArrayList<>();
      try {
        ParsedPosting parsed = parser.parse(render(p, shape));
        for (Requirement r : parsed.requirements()) {
          reqs.add(new Parsed(words(r.text()), r.kind(), r.text()));
        }
        if (!parsed.notes().isEmpty()) {
          withNotes++;
        }
        for (String note : parsed.notes()) {
          notes.merge(note.replaceAll("\\d+", "N"), 1, Integer::sum);
        }
      } catch (RuntimeException e) {
        errors++;
        notes.merge("exception: " + e.getClass().getSimpleName(), 1, Integer::sum);
      }
      List<Word> stream = new ArrayList<>();
      List<List<String>> itemWords = new ArrayList<>();
      List<Integer> itemStart = new ArrayList<>();
      List<String> itemText = new ArrayList<>();
      List<RequirementKind> itemKind = new ArrayList<>();
      for (RequirementKind kind : KINDS) {
        for (String item : p.items(kind)) {
          List<String> w = words(item);
          if (w.isEmpty()) {
            continue;
          }
          itemStart.add(stream.size());
          for (String word : w) {
            stream.add(new Word(word, kind, itemWords.size()));
          }
          itemWords.add(w);
          itemText.add(item);
          itemKind.add(kind);
        }
      }
      Map<Integer, List<String>> hits = maxMisses > 0 ? new TreeMap<>() : null;
      int[] state = cover(stream, itemWords, itemStart, reqs, hits);
      shareTwins(state, itemWords, itemStart, itemKind);
      for (int i = 0; i < itemWords.size(); i++) {
        int n = itemWords.get(i).size();
        int[] counts = new int[3];
        for (int j = itemStart.get(i); j < itemStart.get(i) + n; j++) {
          counts[state[j]]++;
        }
        double r = counts[2] / (double) n;
        double l = counts[0] / (double) n;
        double x = counts[1] / (double) n;
        items++;
        right += r;
        lost += l;
        wrong += x;
        words += n;
        wordsRight += counts[2];
        double[] k = byKind.computeIfAbsent(itemKind.get(i), unused -> new double[2]);
        k[0] += r;
        k[1]++;
        if (r < 1 && misses.size() < maxMisses) {
          misses.add(new Miss(p.id(), itemKind.get(i).toString(), r, l, x, itemText.get(i),
              hits == null ? List.of() : hits.getOrDefault(i, List.of())));
        }
      }
    }
    Map<String, Double> rightByKind = new TreeMap<>();
    byKind.forEach((k, v) -> rightByKind.put(k.toString(), v[1] == 0 ? 0 : v[0] / v[1]));
    double d = Math.max(1, items);
    return new Row(shape.label, shape.goal, postings.size(), items, right / d, lost / d,
        wrong / d, words == 0 ? 0 : wordsRight / (double) words, rightByKind, withNotes, errors,
        notes, misses);
  }

  public static List<Row> evaluate(List<Posting> postings, PostingParser parser, int maxMisses) {
    List<Row> rows = new ArrayList<>();
    for (Shape s : Shape.values()) {
      rows.add(evaluate(postings, s, parser, maxMisses));
    }
    return rows;
  }

  /** A plain-text table of the rows. */
  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-18s %8s %6s %7s %7s %7s %7s %7s %7s %7s %6s %6s%n",
        "shape", "postings", "items", "right", "lost", "wrong", "words", "duty", "must", "nice",
        "notes", "errors"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT,
          "%-18s %8d %6d %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f %6d %6d%s%n",
          r.shape(), r.postings(), r.items(), r.right(), r.lost(), r.wrong(), r.wordsRight(),
          r.rightByKind().getOrDefault("DUTY", 0.0), r.rightByKind().getOrDefault("MUST", 0.0),
          r.rightByKind().getOrDefault("NICE", 0.0), r.postingsWithNotes(), r.errors(),
          r.goal() ? "" : "  (not part of the goal)"));
    }
    return sb.toString();
  }
}
