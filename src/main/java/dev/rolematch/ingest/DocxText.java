package dev.rolematch.ingest;

import dev.rolematch.ingest.integrity.DocxVisibleText;
import dev.rolematch.ingest.integrity.IntegrityFlag;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * A DOCX's text (POI): paragraphs as lines, list paragraphs as "- " bullets, table rows as
 * "a | b" lines; zip bombs refused in words.
 */
final class DocxText {
  private DocxText() {}

  /** The DOCX's visible text; runs Word does not show go to {@code flags} instead. */
  static String read(DocumentInput input, List<IntegrityFlag> flags) throws IngestException {
    input.checkReadable();
    String path = input.name();
    try (InputStream in = input.open();
        XWPFDocument doc = new XWPFDocument(in)) {
      StringBuilder sb = new StringBuilder();
      DocxVisibleText visible = new DocxVisibleText();
      for (IBodyElement element : doc.getBodyElements()) {
        if (element instanceof XWPFParagraph p) {
          appendParagraph(sb, p, visible.paragraph(p));
        } else if (element instanceof XWPFTable table) {
          for (XWPFTableRow row : table.getRows()) {
            List<String> cells = new ArrayList<>();
            for (XWPFTableCell cell : row.getTableCells()) {
              String t = visible.cell(cell).strip().replace('\n', ' ');
              if (!t.isEmpty()) {
                cells.add(t);
              }
            }
            if (!cells.isEmpty()) {
              sb.append(String.join(" | ", cells)).append('\n');
            }
          }
          sb.append('\n');
        }
      }
      flags.addAll(visible.flags());
      return sb.toString();
    } catch (IOException | RuntimeException e) {
      // POI reports broken packages with unchecked exceptions too (NotOfficeXmlFileException, ...)
      String bomb = zipBomb(e);
      if (bomb != null) {
        throw new IngestException(path, bomb, e);
      }
      throw new IngestException(path, "not a valid DOCX: " + e.getMessage(), e);
    }
  }

  /**
   * A user-worded reason when POI refused a DOCX as a zip bomb (its own message tells a developer
   * which static setter to call), else null.
   */
  static String zipBomb(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m == null || !m.toLowerCase(Locale.ROOT).contains("zip bomb")) {
        continue;
      }
      if (m.contains("setMaxEntrySize") || m.contains("max size")) {
        return "DOCX looks like a zip bomb (a part expands past "
            + org.apache.poi.openxml4j.util.ZipSecureFile.getMaxEntrySize() + " bytes); not read";
      }
      double ratio = org.apache.poi.openxml4j.util.ZipSecureFile.getMinInflateRatio();
      long above = ratio > 0 ? Math.round(1 / ratio) : 0;
      return "DOCX looks like a zip bomb (compression ratio above " + above + "); not read";
    }
    return null;
  }

  private static void appendParagraph(StringBuilder sb, XWPFParagraph p, String text) {
    if (text == null || text.isBlank()) {
      sb.append('\n'); // an empty paragraph is a paragraph break
      return;
    }
    String style = p.getStyle() == null ? "" : p.getStyle().toLowerCase(Locale.ROOT);
    boolean listItem = p.getNumID() != null || style.startsWith("list");
    if (listItem) {
      sb.append("- ").append(text.strip()).append('\n');
    } else {
      sb.append(text.strip()).append('\n');
    }
  }
}
