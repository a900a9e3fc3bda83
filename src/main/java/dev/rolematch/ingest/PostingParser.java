package dev.rolematch.ingest;

import dev.rolematch.ingest.Headings.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a posting into title, blurb and requirements.
 *
 * <p>Works on well-formatted postings (Markdown headings and bullets, "Heading:" lines) and on
 * flattened ones, where a copy-paste lost all line breaks and headings sit inline ("... What we
 * need to see: Pursuing a PhD ..."). Each bullet is one requirement; text without bullets is split
 * into sentences, one requirement each. Closing boilerplate (EEO, pay, benefits, #LI- tags) ends
 * the section it appears in and is skipped up to the next heading, so it never becomes a
 * requirement.
 *
 * <p>A posting without any duty/must/nice heading is parsed as unstructured: every sentence except
 * the title becomes a {@link RequirementKind#DUTY} requirement, and a note says so.
 *
 * <p>Size note (just over 400 lines): one concept, the posting grammar (sections, inline
 * headings, bullets, sentences into requirements of a kind); its vocabulary lives in {@link
 * HeadingPhrases} and its sentence rules in {@link TextSplitter}.
 */
public final class PostingParser {

  public static final int MAX_REQUIREMENTS = 60;

  /** Items longer than this are split at ';' ("A; B; C" lists written as one sentence). */
  private static final int SEMICOLON_SPLIT_CHARS = 150;

  /** How far to look around a match for its sentence; keeps parsing linear on huge one-liners. */
  private static final int WINDOW = 2000;

  private static final Pattern BOILERPLATE =
      Pattern.compile(
          "equal\\s+(?:employment\\s+)?opportunit(?:y|ies)|without\\s+regard\\s+to\\s+(?:race|age|sex|gender|religion)"
              + "|base\\s+salary|salary\\s+range|pay\\s+range|compensation\\s+range|base\\s+pay"
              + "|eligible\\s+for\\s+equity|equity\\s+and\\s+benefits|benefits\\s+package"
              + "|comprehensive\\s+benefits|competitive\\s+benefits|reasonable\\s+accommodations?"
              + "|#LI-[A-Za-z0-9]+|applications\\s+(?:for\\s+this\\s+(?:job|role|position)\\s+)?will\\s+be\\s+accepted"
              + "|\\bE-Verify\\b|committed\\s+to\\s+fostering\\s+a\\s+diverse|we\\s+value\\s+diversity",
          Pattern.CASE_INSENSITIVE);

  // Header lines of an unstructured posting that are facts, not requirements.
  private static final Pattern KEY_VALUE_LINE =
      Pattern.compile(
          "^(?:locations?|job\\s+id|req(?:uisition)?(?:\\s+id)?|team|department|employment\\s+type"
              + "|job\\s+type|type|date\\s+posted|posted|start\\s+date|duration|salary|workplace(?:\\s+type)?"
              + "|remote|category|level)\\s*:.*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|`");

  private final int maxRequirements;

  public PostingParser() {
    this(MAX_REQUIREMENTS);
  }

  public PostingParser(int maxRequirements) {
    if (maxRequirements < 1) {
      throw new IllegalArgumentException("maxRequirements must be >= 1: " + maxRequirements);
    }
    this.maxRequirements = maxRequirements;
  }

  private record Event(int start, int bodyStart, Kind kind, String label, boolean inlineTopic) {
    boolean boilerplateMarker() {
      return kind == null;
    }
  }

  private record Segment(Kind kind, String label, int start, int end, boolean inlineTopic) {}

  public ParsedPosting parse(String raw) {
    String text = TextNormalizer.normalize(raw);
    List<String> notes = new ArrayList<>();
    List<Headings.Match> headings = Headings.posting(text);

    // Title: a first line that stands alone above the body and is not itself a heading.
    String title = "";
    int bodyStart = 0;
    int firstNl = text.indexOf('\n');
    if (firstNl > 0) {
      String first = text.substring(0, firstNl).strip();
      boolean isHeading = !headings.isEmpty() && headings.get(0).start() == 0;
      if (first.length() <= 150 && !isHeading && !first.endsWith(":")) {
        title = cleanTitle(first);
        bodyStart = firstNl + 1;
      }
    }

    List<Event> events = events(text, headings, bodyStart);
    boolean structured =
        events.stream()
            .anyMatch(e -> e.kind() == Kind.DUTY || e.kind() == Kind.MUST || e.kind() == Kind.NICE);
    List<Segment> segments = segments(text, events, bodyStart);
    boolean hasDuties = events.stream().anyMatch(e -> e.kind() == Kind.DUTY);

    StringBuilder blurb = new StringBuilder();
    List<Requirement> reqs = new ArrayList<>();
    boolean droppedBoilerplate = false;
    for (Segment seg : segments) {
      String body = text.substring(seg.start(), seg.end());
      if (body.isBlank()) {
        continue;
      }
      if (seg.inlineTopic()) {
        for (String topic : TextSplitter.listItems(body)) {
          addTopic(reqs, topic, seg.label());
        }
        continue;
      }
      if (seg.kind() == Kind.JOB && structured && !hasDuties) {
        // "About the job" in a posting without a duties section holds the duties
        addItems(reqs, body, RequirementKind.DUTY, seg.label(), false);
        continue;
      }
      if (seg.kind() == null || seg.kind() == Kind.ABOUT || seg.kind() == Kind.JOB) {
        // before the first section, "About us", "About the job" next to a duties section
        if (!blurb.isEmpty()) {
          blurb.append(seg.start() > 0 && text.charAt(seg.start() - 1) == '\n' ? "\n" : " ");
        }
        blurb.append(body.strip());
        if (!structured) {
          addItems(reqs, body, RequirementKind.DUTY, "", true);
        }
        continue;
      }
      switch (seg.kind()) {
        case DUTY -> addItems(reqs, body, RequirementKind.DUTY, seg.label(), false);
        case MUST -> addItems(reqs, body, RequirementKind.MUST, seg.label(), false);
        case NICE -> addItems(reqs, body, RequirementKind.NICE, seg.label(), false);
        case TOPIC -> addTopicBlock(reqs, body, seg.label());
        case BOILERPLATE -> droppedBoilerplate = true;
        case ABOUT, JOB -> { } // handled above
        case RESUME -> throw new IllegalStateException("resume heading in posting");
      }
    }

    if (!structured) {
      notes.add("no recognisable sections: each sentence was treated as a requirement");
    }
    if (droppedBoilerplate) {
      notes.add("skipped closing boilerplate (benefits, pay, EEO)");
    }
    if (reqs.isEmpty()) {
      // Real postings come with empty sections under their headings; the title (or the text
      // before the first heading) still says what is wanted.
      String need = !title.isBlank() ? title : blurb.toString().strip();
      if (need.isEmpty() && !structured) {
        need = clean(text.strip());
      }
      if (hasLetterOrDigit(need)) {
        for (String sentence : TextSplitter.sentences(need)) {
          String t = clean(sentence);
          if (hasLetterOrDigit(t)) {
            reqs.add(new Requirement(t, RequirementKind.DUTY, "title"));
          }
        }
        notes.add("no requirements under the posting's headings: matched on its "
            + (!title.isBlank() ? "title" : "text") + " alone");
      }
    }
    if (reqs.isEmpty()) {
      notes.add("no requirements found: the posting has no words to match on");
    }
    reqs = dedupe(reqs);
    if (reqs.size() > maxRequirements) {
      notes.add(
          "capped at "
              + maxRequirements
              + " requirements (found "
              + reqs.size()
              + "; kept must-haves first, then duties, nice-to-haves, topics)");
      reqs = cap(reqs, maxRequirements);
    }
    if (structured && reqs.stream().noneMatch(r -> r.kind() == RequirementKind.MUST)) {
      notes.add("no must-have section found");
    }
    return new ParsedPosting(title, blurb.toString().strip(), reqs, structured, notes);
  }

  // ---------------------------------------------------------------------------------------------

  /** Headings and boilerplate markers after the title, in order, overlaps removed. */
  private static List<Event> events(String text, List<Headings.Match> headings, int bodyStart) {
    List<Event> events = new ArrayList<>();
    for (Headings.Match h : headings) {
      if (h.start() >= bodyStart) {
        events.add(new Event(h.start(), h.bodyStart(), h.kind(), h.label(), h.inlineTopic()));
      }
    }
    Matcher m = BOILERPLATE.matcher(text);
    int from = bodyStart;
    while (m.find(from)) {
      int start = m.group().startsWith("#") ? m.start() : sentenceStart(text, m.start());
      start = Math.max(start, bodyStart);
      events.add(new Event(start, start, null, "", false));
      // one marker per sentence is enough
      from = Math.max(m.end(), sentenceEnd(text, m.end()));
      if (from >= text.length()) {
        break;
      }
    }
    events.sort(
        Comparator.comparingInt(Event::start)
            .thenComparing(e -> e.boilerplateMarker() ? 1 : 0)); // headings win ties
    List<Event> out = new ArrayList<>();
    int coveredTo = bodyStart;
    for (Event e : events) {
      if (e.start() < coveredTo) {
        if (!e.boilerplateMarker()) {
          continue; // a heading inside another heading's text
        }
        // a marker whose sentence began inside a heading: start after that heading
        e = new Event(coveredTo, coveredTo, null, "", false);
      }
      out.add(e);
      coveredTo = Math.max(coveredTo, e.bodyStart());
    }
    return out;
  }

  /** Cuts the text into sections between events. */
  private static List<Segment> segments(String text, List<Event> events, int bodyStart) {
    List<Segment> segs = new ArrayList<>();
    Kind state = null;
    String label = "";
    int pos = bodyStart;
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      if (e.start() < pos) {
        continue; // inside an inline topic sentence we already consumed
      }
      segs.add(new Segment(state, label, pos, e.start(), false));
      if (e.boilerplateMarker()) {
        if (state != Kind.BOILERPLATE) {
          state = Kind.BOILERPLATE;
          label = "";
        }
        pos = e.start();
      } else if (e.inlineTopic()) {
        int limit = i + 1 < events.size() ? events.get(i + 1).start() : text.length();
        int end = topicEnd(text, e.bodyStart(), limit);
        if (state != Kind.BOILERPLATE) {
          segs.add(new Segment(Kind.TOPIC, e.label(), e.bodyStart(), end, true));
        }
        pos = end; // the section we were in continues after the list
      } else {
        state = e.kind();
        label = e.label();
        pos = e.bodyStart();
      }
    }
    segs.add(new Segment(state, label, pos, text.length(), false));
    return segs;
  }

  /** End of the one-sentence topic list starting at from: its sentence, line, or the next event. */
  private static int topicEnd(String text, int from, int limit) {
    int nl = text.indexOf('\n', from);
    int end = Math.min(Math.min(limit, nl < 0 ? text.length() : nl), from + WINDOW);
    if (end <= from) {
      return from;
    }
    List<TextSplitter.Span> spans = TextSplitter.sentenceSpans(text.substring(from, end));
    return spans.isEmpty() ? end : from + spans.get(0).end();
  }

  private static int sentenceStart(String text, int at) {
    // sentence spans of the line up to the marker (bounded: flattened postings are one long line)
    int lineStart = Math.max(text.lastIndexOf('\n', at - 1) + 1, at - WINDOW);
    String head = text.substring(lineStart, at);
    List<TextSplitter.Span> spans = TextSplitter.sentenceSpans(head + "x");
    if (spans.isEmpty()) {
      return at;
    }
    return lineStart + spans.get(spans.size() - 1).start();
  }

  private static int sentenceEnd(String text, int at) {
    int nl = text.indexOf('\n', at);
    int lineEnd = Math.min(nl < 0 ? text.length() : nl, at + WINDOW);
    int lineStart = Math.max(text.lastIndexOf('\n', at - 1) + 1, at - WINDOW);
    for (TextSplitter.Span s : TextSplitter.sentenceSpans(text.substring(lineStart, lineEnd))) {
      if (lineStart + s.end() >= at) {
        return lineStart + s.end();
      }
    }
    return lineEnd;
  }

  private static void addItems(
      List<Requirement> out, String body, RequirementKind kind, String section, boolean unstructured) {
    for (TextSplitter.Block block : TextSplitter.blocks(body)) {
      if (unstructured && KEY_VALUE_LINE.matcher(block.text()).matches()) {
        continue;
      }
      List<String> pieces = block.bullet() ? List.of(block.text()) : TextSplitter.sentences(block.text());
      for (String piece : pieces) {
        for (String part : TextSplitter.splitLongAtSemicolons(piece, SEMICOLON_SPLIT_CHARS)) {
          boolean fromSentence = !block.bullet();
          if (fromSentence && part.strip().endsWith(":")) {
            continue; // a lead-in ("You will:") to a list
          }
          String t = clean(part);
          if (!hasLetterOrDigit(t) || (fromSentence && isFragment(t))) {
            continue;
          }
          out.add(new Requirement(t, kind, section));
        }
      }
    }
  }

  private static void addTopicBlock(List<Requirement> out, String body, String section) {
    for (TextSplitter.Block block : TextSplitter.blocks(body)) {
      if (block.bullet()) {
        addTopic(out, block.text(), section);
        continue;
      }
      for (String sentence : TextSplitter.sentences(block.text())) {
        for (String topic : TextSplitter.listItems(sentence)) {
          addTopic(out, topic, section);
        }
      }
    }
  }

  private static void addTopic(List<Requirement> out, String topic, String section) {
    String t = clean(topic);
    if (hasLetterOrDigit(t)) {
      out.add(new Requirement(t, RequirementKind.TOPIC, section));
    }
  }

  /**
   * A one-word sentence that says nothing ("Etc.", "Also.", a lone letter). One-word sentences that
   * name something are kept: credentials ("MBA.", "CPA."), imperatives ("Collaborate."), and
   * sentences in scripts written without spaces (Japanese, Chinese), which count as one word.
   */
  private static boolean isFragment(String t) {
    if (TextSplitter.wordCount(t) >= 2) {
      return false;
    }
    int letters = 0;
    for (int i = 0; i < t.length(); i++) {
      if (Character.isLetterOrDigit(t.charAt(i))) {
        letters++;
      }
    }
    return letters < 2 || FILLER.contains(t.toLowerCase(Locale.ROOT));
  }

  private static final Set<String> FILLER =
      Set.of("etc", "also", "more", "and", "or", "plus", "thanks", "thank", "note", "apply",
          "hello", "hi", "welcome", "yes", "no", "ok", "okay", "tbd", "none", "n/a", "na", "other",
          "others", "misc");

  private static String clean(String s) {
    return TextSplitter.trimPunctuation(EMPHASIS.matcher(s).replaceAll(""));
  }

  private static String cleanTitle(String line) {
    String t = line.replaceFirst("^#{1,6}\\s*", "");
    t = EMPHASIS.matcher(t).replaceAll("").strip();
    return t.length() > 120 ? t.substring(0, 120).strip() : t;
  }

  private static boolean hasLetterOrDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetterOrDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static List<Requirement> dedupe(List<Requirement> reqs) {
    Set<String> seen = new HashSet<>();
    List<Requirement> out = new ArrayList<>();
    for (Requirement r : reqs) {
      if (seen.add(r.kind() + "\u0000" + r.text().toLowerCase(Locale.ROOT))) {
        out.add(r);
      }
    }
    return out;
  }

  /** Keeps the most important kinds when there are too many, in document order. */
  private static List<Requirement> cap(List<Requirement> reqs, int max) {
    Map<RequirementKind, Integer> priority = new EnumMap<>(RequirementKind.class);
    priority.put(RequirementKind.MUST, 0);
    priority.put(RequirementKind.DUTY, 1);
    priority.put(RequirementKind.NICE, 2);
    priority.put(RequirementKind.TOPIC, 3);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < reqs.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> priority.get(reqs.get(i).kind())));
    List<Integer> keep = new ArrayList<>(order.subList(0, max));
    keep.sort(null);
    List<Requirement> out = new ArrayList<>(max);
    for (int i : keep) {
      out.add(reqs.get(i));
    }
    return out;
  }
}
