package dev.rolematch.ingest.integrity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;

/**
 * A DOCX paragraph's text as Word shows it: runs marked hidden ({@code w:vanish}), coloured white
 * or near-white (every channel at least {@value PdfVisibleText#NEAR_WHITE} of 255), or smaller than
 * {@value PdfVisibleText#TINY_POINTS} pt are left out and collected as
 * {@link IntegrityFlag#HIDDEN_TEXT} flags. One instance reads one document.
 */
public final class DocxVisibleText {

  private final Map<String, StringBuilder> hidden = new LinkedHashMap<>();

  /** The paragraph's visible text: exactly {@link XWPFParagraph#getText()} when no run is hidden. */
  public String paragraph(XWPFParagraph p) {
    List<XWPFRun> runs = p.getRuns();
    boolean any = false;
    for (XWPFRun r : runs) {
      if (reason(r) != null) {
        any = true;
        break;
      }
    }
    if (!any) {
      return p.getText();
    }
    StringBuilder visible = new StringBuilder();
    for (XWPFRun r : runs) {
      String t = r.text();
      String why = reason(r);
      if (why == null) {
        visible.append(t);
      } else if (t != null && !t.isBlank()) {
        StringBuilder sb = hidden.computeIfAbsent(why, k -> new StringBuilder());
        sb.append(sb.length() > 0 ? " " : "").append(t.strip());
      }
    }
    return visible.toString();
  }

  /** A table cell's visible text, its paragraphs joined by newlines (as {@link XWPFTableCell#getText()}). */
  public String cell(XWPFTableCell cell) {
    StringBuilder sb = new StringBuilder();
    for (XWPFParagraph p : cell.getParagraphs()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(paragraph(p));
    }
    return sb.toString();
  }

  /** One flag per kind of hiding found so far. */
  public List<IntegrityFlag> flags() {
    List<IntegrityFlag> out = new ArrayList<>();
    for (Map.Entry<String, StringBuilder> e : hidden.entrySet()) {
      String words = e.getValue().toString().strip();
      out.add(new IntegrityFlag(IntegrityFlag.HIDDEN_TEXT,
          "DOCX text Word does not show (" + e.getKey() + "): " + words.split("\\s+").length
              + " words kept out of the text that is embedded and scored",
          words));
    }
    return out;
  }

  static String reason(XWPFRun r) {
    String t = r.text();
    if (t == null || t.isBlank()) {
      return null;
    }
    if (r.isVanish()) {
      return "hidden text property";
    }
    Double size = r.getFontSizeAsDouble();
    if (size != null && size > 0 && size < PdfVisibleText.TINY_POINTS) {
      return String.format(Locale.ROOT, "tiny font, %.1f pt", size);
    }
    String color = r.getColor();
    if (color != null && color.length() == 6 && color.matches("[0-9A-Fa-f]{6}")) {
      int rgb = Integer.parseInt(color, 16);
      int red = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
      if (red >= PdfVisibleText.NEAR_WHITE && g >= PdfVisibleText.NEAR_WHITE && b >= PdfVisibleText.NEAR_WHITE) {
        return "white or near-white text, #" + color.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }
}
