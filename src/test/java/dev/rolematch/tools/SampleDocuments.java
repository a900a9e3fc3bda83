package dev.rolematch.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;

/**
 * Makes the sample PDF and DOCX resumes from their text sources: {@code data/sources/ID.pdf.txt}
 * → {@code data/resumes/ID.pdf}, {@code ID.docx.txt} → {@code ID.docx}. Run after editing a
 * source, from the repository root: {@code mvn -q test-compile} then {@code java -cp
 * target/test-classes:target/classes:$(cat target/classpath.txt) dev.rolematch.tools.SampleDocuments}.
 */
public final class SampleDocuments {

  public static void main(String[] args) throws IOException {
    Path sources = Path.of(args.length > 0 ? args[0] : "data/sources");
    Path out = Path.of(args.length > 1 ? args[1] : "data/resumes");
    try (Stream<Path> files = Files.list(sources)) {
      for (Path src : files.sorted().toList()) {
        String name = src.getFileName().toString();
        List<String> lines = Files.readAllLines(src, StandardCharsets.UTF_8);
        if (name.endsWith(".pdf.txt")) {
          writePdf(lines, out.resolve(name.replace(".pdf.txt", ".pdf")));
        } else if (name.endsWith(".docx.txt")) {
          writeDocx(lines, out.resolve(name.replace(".docx.txt", ".docx")));
        }
      }
    }
  }

  /** A4 pages of wrapped Helvetica text; headings (ALL CAPS lines) in bold. */
  static void writePdf(List<String> lines, Path target) throws IOException {
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    float size = 10.5f;
    float leading = 14f;
    float margin = 56f;
    try (PDDocument doc = new PDDocument()) {
      PDRectangle box = PDRectangle.A4;
      float width = box.getWidth() - 2 * margin;
      List<String[]> rows = new ArrayList<>(); // {font, text}
      for (String line : lines) {
        boolean heading = !line.isBlank() && line.equals(line.toUpperCase()) && line.matches(".*[A-Z].*");
        for (String w : wrap(line, heading ? bold : regular, size, width)) {
          rows.add(new String[] {heading ? "b" : "r", w});
        }
      }
      int i = 0;
      while (i < rows.size()) {
        PDPage page = new PDPage(box);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          float y = box.getHeight() - margin;
          while (i < rows.size() && y > margin) {
            cs.beginText();
            cs.setFont("b".equals(rows.get(i)[0]) ? bold : regular, size);
            cs.newLineAtOffset(margin, y);
            cs.showText(rows.get(i)[1]);
            cs.endText();
            y -= leading;
            i++;
          }
        }
      }
      doc.save(target.toFile());
    }
  }

  private static List<String> wrap(String line, PDType1Font font, float size, float width) throws IOException {
    List<String> out = new ArrayList<>();
    String clean = line.replace('\u2013', '-').replace('\u2014', '-').replace('\u2019', '\'');
    StringBuilder cur = new StringBuilder();
    for (String word : clean.split(" ")) {
      String next = cur.length() == 0 ? word : cur + " " + word;
      if (font.getStringWidth(next) / 1000 * size > width && cur.length() > 0) {
        out.add(cur.toString());
        cur = new StringBuilder(word);
      } else {
        cur = new StringBuilder(next);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /** Paragraphs; "- " lines become bulleted paragraphs, ALL CAPS lines bold headings. */
  static void writeDocx(List<String> lines, Path target) throws IOException {
    try (XWPFDocument doc = new XWPFDocument(); OutputStream os = Files.newOutputStream(target)) {
      for (String line : lines) {
        XWPFParagraph p = doc.createParagraph();
        XWPFRun run = p.createRun();
        if (line.startsWith("- ")) {
          p.setIndentationLeft(360);
          run.setText("\u2022 " + line.substring(2));
        } else {
          run.setBold(!line.isBlank() && line.equals(line.toUpperCase()) && line.matches(".*[A-Z].*"));
          run.setText(line);
        }
      }
      doc.write(os);
    }
  }
}
