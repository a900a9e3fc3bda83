package dev.rolematch.cli;

import dev.rolematch.app.Json;
import dev.rolematch.ingest.integrity.IntegrityFlag;
import dev.rolematch.match.Evidence;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.MatchResult;
import java.io.PrintStream;
import java.util.Locale;

/** Terminal rendering of a {@link MatchResponse}; {@code --json} prints the record itself. */
final class ResultPrinter {
  private ResultPrinter() {}

  static void print(PrintStream out, MatchResponse r, boolean json, int evidenceLines) {
    if (json) {
      Json.print(out, r);
      return;
    }
    out.printf("%s  (model %s)%n", describe(r), r.model());
    for (String note : r.notes()) {
      out.println("  note: " + note);
    }
    if (r.results().isEmpty()) {
      out.println("  no results (check the filters, or add documents)");
    }
    for (MatchResult m : r.results()) {
      out.printf(Locale.ROOT, "%3d. %5.1f  %-28s %s%n", m.rank(), m.score(), m.id(), shorten(m.title(), 60));
      if (m.mustHaves().met() + m.mustHaves().unmet() + m.mustHaves().unknown() > 0) {
        out.printf("            must-haves: %d met, %d unmet, %d unknown%n",
            m.mustHaves().met(), m.mustHaves().unmet(), m.mustHaves().unknown());
      }
      int shown = 0;
      for (Evidence e : m.evidence()) {
        if (shown++ >= evidenceLines) {
          break;
        }
        out.printf(Locale.ROOT, "            %-5s %.2f %s  <-  %s%n", e.kind(), e.similarity(),
            e.status().isEmpty() ? "" : "[" + e.status() + "]", shorten(e.snippet(), 110));
        out.printf("                       for: %s%n", shorten(e.requirement(), 100));
      }
      for (IntegrityFlag f : m.flags()) {
        out.printf("            FLAG %s: %s%n", f.kind(), shorten(f.message(), 160));
        out.printf("                       evidence: %s%n", shorten(f.evidence(), 110));
      }
    }
  }

  private static String describe(MatchResponse r) {
    Object type = r.query().get("type");
    if ("posting".equals(type)) {
      return "Candidates for posting " + r.query().get("posting") + ": " + r.query().get("title");
    }
    if ("topic".equals(type)) {
      return "Candidates for topic \"" + r.query().get("topic") + "\"";
    }
    return "Postings for candidate " + r.query().get("candidate") + ": " + r.query().get("title");
  }

  static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= max ? t : t.substring(0, max - 1) + "…";
  }
}
