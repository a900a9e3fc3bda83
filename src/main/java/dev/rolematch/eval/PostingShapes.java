package dev.rolematch.eval;

import dev.rolematch.ingest.RequirementKind;
import java.util.List;
import java.util.Locale;

/**
 * Renders a real posting's ground truth in the shapes users paste ({@link ParserEval.Shape}):
 * Markdown sections, one flattened paragraph with inline headings, renamed headings, no headings.
 */
final class PostingShapes {
  private PostingShapes() {}


  /** The posting as a user would paste it in the given shape. */
  static String render(ParserEval.Posting p, ParserEval.Shape shape) {
    StringBuilder sb = new StringBuilder();
    switch (shape) {
      case MARKDOWN -> {
        sb.append("# ").append(p.title()).append("\n");
        section(sb, "Responsibilities", p.responsibilities(), "## ", "- ");
        section(sb, "Minimum qualifications", p.minimum(), "## ", "- ");
        section(sb, "Preferred qualifications", p.preferred(), "## ", "- ");
      }
      case RENAMED -> {
        sb.append(p.title()).append("\n");
        for (RequirementKind k : ParserEval.KINDS) {
          section(sb, renamed(p, k), p.items(k), "", "• ");
        }
      }
      case FLATTENED -> {
        sb.append(p.title());
        inline(sb, "Responsibilities", p.responsibilities());
        inline(sb, "Minimum qualifications", p.minimum());
        inline(sb, "Preferred qualifications", p.preferred());
      }
      case FLATTENED_RENAMED -> {
        sb.append(p.title());
        for (RequirementKind k : ParserEval.KINDS) {
          inline(sb, renamed(p, k), p.items(k));
        }
      }
      case FLATTENED_NO_COLONS -> {
        sb.append(p.title());
        for (RequirementKind k : ParserEval.KINDS) {
          inline(sb, renamed(p, k), p.items(k), "");
        }
      }
      case NO_HEADINGS -> {
        sb.append(p.title()).append("\n");
        for (RequirementKind k : ParserEval.KINDS) {
          for (String item : p.items(k)) {
            sb.append(item).append("\n");
          }
        }
      }
    }
    return sb.toString();
  }

  /** The renamed heading of a kind, chosen from the lists by the posting id (stable across runs). */
  static String renamed(ParserEval.Posting p, RequirementKind kind) {
    int h = p.id().hashCode() & 0x7fffffff;
    return switch (kind) {
      case DUTY -> ParserEval.DUTY_NAMES.get(h % 5);
      case MUST -> ParserEval.MUST_NAMES.get((h / 5) % 5);
      case NICE -> ParserEval.NICE_NAMES.get((h / 25) % 5);
      case TOPIC -> throw new IllegalArgumentException("no topic sections in this data");
    };
  }

  private static void section(
      StringBuilder sb, String heading, List<String> items, String prefix, String bullet) {
    if (items.isEmpty()) {
      return; // real postings leave out empty sections
    }
    sb.append("\n").append(prefix).append(heading).append("\n");
    for (String item : items) {
      sb.append(bullet).append(item).append("\n");
    }
  }

  private static void inline(StringBuilder sb, String heading, List<String> items) {
    inline(sb, heading, items, ":");
  }

  private static void inline(StringBuilder sb, String heading, List<String> items, String colon) {
    if (items.isEmpty()) {
      return;
    }
    sb.append(' ').append(heading).append(colon);
    for (String item : items) {
      sb.append(' ').append(item);
      if (!endsWithPunctuation(item)) {
        sb.append('.');
      }
    }
  }

  private static boolean endsWithPunctuation(String s) {
    int cp = s.codePointBefore(s.length());
    int type = Character.getType(cp);
    return type == Character.OTHER_PUNCTUATION || type == Character.END_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION;
  }
}
