package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReaderTest {

  @TempDir Path dir;

  private final DocumentReader reader = new DocumentReader();

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private Path writeBytes(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static SourceDocument only(List<SourceDocument> docs) {
    assertEquals(1, docs.size(), docs.toString());
    return docs.get(0);
  }

  @Test
  void plainTextIsNormalisedWithIdTitleAndMetadata() throws Exception {
    Path p =
        write(
            "Jane Doe Résumé (v2).txt",
            "Jane Doe\r\nSeattle, WA\u00a0| jane@example.com\r\n\tPh.D. in Statistics, expected 2027"
                + "\u0007\r\n\r\n\r\n\r\n\r\nEXPERIENCE\r\nAnalyst, Widgets Co \u2014 2019 \u2013 2023\r\n");
    SourceDocument d = only(reader.read(p, DocKind.RESUME));
    assertEquals("jane-doe-resume-v2", d.id());
    assertEquals(DocKind.RESUME, d.kind());
    assertEquals("Jane Doe", d.title());
    assertEquals(p.toString(), d.sourcePath());
    assertEquals(
        "Jane Doe\nSeattle, WA | jane@example.com\n Ph.D. in Statistics, expected 2027\n\n"
            + "EXPERIENCE\nAnalyst, Widgets Co \u2014 2019 \u2013 2023",
        d.text());
    assertEquals(new Metadata("Seattle, WA", 4, "PhD", 2027), d.metadata());
    assertEquals(List.of(), d.warnings());
  }

  @Test
  void idOverrideIsNormalised() throws Exception {
    Path p = write("x.txt", "Some posting text here.");
    assertEquals("custom-id_7.b", only(reader.read(p, DocKind.POSTING, "  Custom ID_7.B ")).id());
    assertEquals("resume-final-v2", DocumentIds.normalize("Résumé – Final (v2)"));
  }

  @Test
  void markdownKeepsHeadingsAndBulletsButNotEmphasis() throws Exception {
    Path p =
        write(
            "posting.md",
            "# **Research Intern**, Vision\n\n## What we need to see\n\n"
                + "* Strong **Python** and _PyTorch_ skills\n- See [our site](https://example.com)\n"
                + "- Uses `snake_case` names like my_var_name\n");
    SourceDocument d = only(reader.read(p, DocKind.POSTING));
    assertEquals("Research Intern, Vision", d.title());
    assertEquals(
        "# Research Intern, Vision\n\n## What we need to see\n\n"
            + "* Strong Python and PyTorch skills\n- See our site\n"
            + "- Uses snake_case names like my_var_name",
        d.text());
  }

  @Test
  void titleIsCappedAt120Chars() throws Exception {
    Path p = write("long.txt", "T".repeat(300) + "\nbody");
    assertEquals(120, only(reader.read(p, DocKind.POSTING)).title().length());
  }

  @Test
  void jsonlRecordsWithOverrides() throws Exception {
    Path p =
        write(
            "batch.jsonl",
            """
            {"id": "Role 1", "title": "Vision Intern", "text": "Location: Paris, France\\nWhat we need to see: Pursuing a PhD."}

            {"id": "cand-9", "kind": "resume", "text": "Alex Kim\\nB.S. Physics, 2020", "location": "Remote", "years_experience": 3, "highest_degree": "Master's", "graduation_year": 2024}
            """);
    List<SourceDocument> docs = reader.read(p, DocKind.POSTING);
    assertEquals(2, docs.size());

    SourceDocument role = docs.get(0);
    assertEquals("role-1", role.id());
    assertEquals(DocKind.POSTING, role.kind());
    assertEquals("Vision Intern", role.title());
    assertEquals(new Metadata("Paris, France", null, "PhD", null), role.metadata());

    SourceDocument cand = docs.get(1);
    assertEquals("cand-9", cand.id());
    assertEquals(DocKind.RESUME, cand.kind());
    assertEquals("Alex Kim", cand.title(), "title defaults to the first line");
    assertEquals(new Metadata("Remote", 3, "MS", 2024), cand.metadata(), "fields override the text");
  }

  @Test
  void jsonlErrorsNameTheLine() throws Exception {
    Path bad = write("bad.jsonl", "{\"id\": \"a\", \"text\": \"ok text\"}\n{\"id\": \"b\", \"text\": \n");
    IngestException e = assertThrows(IngestException.class, () -> reader.read(bad, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(bad + ": line 2: invalid JSON"), e.getMessage());

    Path noText = write("notext.jsonl", "{\"id\": \"a\"}\n");
    e = assertThrows(IngestException.class, () -> reader.read(noText, DocKind.RESUME));
    assertEquals(noText + ": line 1: missing required field 'text'", e.getMessage());

    Path dup = write("dup.jsonl", "{\"id\": \"A\", \"text\": \"x y\"}\n{\"id\": \"a\", \"text\": \"z w\"}\n");
    e = assertThrows(IngestException.class, () -> reader.read(dup, DocKind.RESUME));
    assertTrue(e.getMessage().contains("line 2: duplicate id 'a' (first on line 1)"), e.getMessage());

    Path badYears = write("years.jsonl", "{\"id\": \"a\", \"text\": \"x y\", \"years_experience\": \"lots\"}\n");
    e = assertThrows(IngestException.class, () -> reader.read(badYears, DocKind.RESUME));
    assertTrue(e.getMessage().contains("'years_experience' must be a non-negative integer"), e.getMessage());
  }

  @Test
  void pdfWrittenWithPdfBoxReadsBack() throws Exception {
    Path p = dir.resolve("Resume Alex.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.setLeading(16);
        cs.newLineAtOffset(72, 700);
        for (String line :
            List.of("Alex Morgan", "Denver, CO | alex@example.com", "EDUCATION", "M.S. in Robotics, 2025")) {
          cs.showText(line);
          cs.newLine();
        }
        cs.endText();
      }
      doc.save(p.toFile());
    }
    SourceDocument d = only(reader.read(p, DocKind.RESUME));
    assertEquals("resume-alex", d.id());
    assertEquals("Alex Morgan", d.title());
    assertEquals("Alex Morgan\nDenver, CO | alex@example.com\nEDUCATION\nM.S. in Robotics, 2025", d.text());
    assertEquals(new Metadata("Denver, CO", null, "MS", 2025), d.metadata());
  }

  @Test
  void docxWrittenWithPoiReadsBackWithBulletsAndTables() throws Exception {
    Path p = dir.resolve("role.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(p)) {
      doc.createParagraph().createRun().setText("Systems Research Intern");
      XWPFTable table = doc.createTable(1, 2);
      table.getRow(0).getCell(0).setText("Location");
      table.getRow(0).getCell(1).setText("Boston");
      doc.createParagraph(); // empty paragraph = paragraph break
      doc.createParagraph().createRun().setText("What we need to see:");
      for (String item : List.of("Strong C and Rust", "Pursuing an MS in CS")) {
        XWPFParagraph li = doc.createParagraph();
        li.setNumID(BigInteger.ONE); // a list paragraph
        li.createRun().setText(item);
      }
      doc.write(out);
    }
    SourceDocument d = only(reader.read(p, DocKind.POSTING));
    assertEquals("Systems Research Intern", d.title());
    assertEquals(
        "Systems Research Intern\nLocation | Boston\n\nWhat we need to see:\n- Strong C and Rust\n"
            + "- Pursuing an MS in CS",
        d.text());
    assertEquals("MS", d.metadata().highestDegree());
    ParsedPosting parsed = new PostingParser().parse(d.text());
    assertEquals(
        List.of("Strong C and Rust", "Pursuing an MS in CS"),
        parsed.ofKind(RequirementKind.MUST).stream().map(Requirement::text).toList());
  }

  @Test
  void emptyAndWhitespaceOnlyFilesAreErrors() throws Exception {
    Path empty = write("empty.txt", "");
    IngestException e = assertThrows(IngestException.class, () -> reader.read(empty, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());

    Path blank = write("blank.md", " \n\t\r\n\u00a0\n");
    e = assertThrows(IngestException.class, () -> reader.read(blank, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(blank.toString()) && e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void binaryFilesAreErrors() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    Path fake = writeBytes("photo.txt", png);
    IngestException e = assertThrows(IngestException.class, () -> reader.read(fake, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(fake + ": looks binary"), e.getMessage());

    byte[] controls = new byte[400];
    Arrays.fill(controls, (byte) 'a');
    for (int i = 0; i < 400; i += 5) {
      controls[i] = 0x01;
    }
    Path ctl = writeBytes("ctl.md", controls);
    e = assertThrows(IngestException.class, () -> reader.read(ctl, DocKind.RESUME));
    assertTrue(e.getMessage().contains("looks binary (80 control characters"), e.getMessage());

    Path notPdf = write("cv.pdf", "this is not a pdf at all");
    e = assertThrows(IngestException.class, () -> reader.read(notPdf, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(notPdf + ": not a valid PDF: "), e.getMessage());

    Path notDocx = write("cv.docx", "PK but not really a zip");
    e = assertThrows(IngestException.class, () -> reader.read(notDocx, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(notDocx + ": not a valid DOCX: "), e.getMessage());
  }

  @Test
  void invalidUtf8IsReplacedWithAWarning() throws Exception {
    // Windows-1252 bytes for "Café" and "naïve" inside otherwise-ASCII text
    byte[] bytes = "Caf\u00e9 owner, na\u00efve Bayes expert".getBytes(StandardCharsets.ISO_8859_1);
    Path p = writeBytes("latin1.txt", bytes);
    SourceDocument d = only(reader.read(p, DocKind.RESUME));
    assertEquals("Caf\uFFFD owner, na\uFFFDve Bayes expert", d.text());
    assertEquals(1, d.warnings().size());
    assertTrue(
        d.warnings().get(0).startsWith(p + ": invalid UTF-8 at 2 places, decoded with replacement characters"),
        d.warnings().get(0));
  }

  @Test
  void literalReplacementCharactersAreNotDecodingErrors() throws Exception {
    Path p = write("ok.txt", "Already replaced: \uFFFD fine");
    assertEquals(List.of(), only(reader.read(p, DocKind.RESUME)).warnings());
  }

  @Test
  void tenMegabyteTextIsCappedWithAWarning() throws Exception {
    int size = 10 * 1024 * 1024;
    byte[] bytes = new byte[size];
    byte[] line = "Built ranking models for search and recommendations.\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i++) {
      bytes[i] = line[i % line.length];
    }
    Path p = writeBytes("huge.txt", bytes);
    SourceDocument d = only(reader.read(p, DocKind.RESUME));
    assertTrue(d.text().length() <= DocumentReader.MAX_CHARS && d.text().length() > 999_000, "" + d.text().length());
    assertEquals(List.of(p + ": text is 10485760 chars, capped at 1000000"), d.warnings());
  }

  @Test
  void capIsConfigurable() throws Exception {
    Path p = write("short.txt", "one two three four five six");
    SourceDocument d = only(new DocumentReader(9).read(p, DocKind.RESUME));
    assertEquals("one two t", d.text());
    assertEquals(List.of(p + ": text is 27 chars, capped at 9"), d.warnings());
  }

  @Test
  void unsupportedAndMissingFiles() throws Exception {
    Path doc = write("old.doc", "legacy word file");
    IngestException e = assertThrows(IngestException.class, () -> reader.read(doc, DocKind.RESUME));
    assertEquals(
        doc + ": unsupported file type '.doc'; supported: .txt, .md, .markdown, .pdf, .docx, .jsonl",
        e.getMessage());

    Path missing = dir.resolve("nope.txt");
    e = assertThrows(IngestException.class, () -> reader.read(missing, DocKind.RESUME));
    assertEquals(missing + ": cannot read file: no such file", e.getMessage());

    Path missingPdf = dir.resolve("nope.pdf");
    e = assertThrows(IngestException.class, () -> reader.read(missingPdf, DocKind.RESUME));
    assertTrue(e.getMessage().startsWith(missingPdf.toString()) && e.getMessage().contains("no such file"));
  }

  @Test
  void folderReadRecursesInOrderAndReportsSkippedFiles() throws Exception {
    write("b.txt", "Resume B\nPython developer.");
    write("a.md", "# Resume A\nRust developer.");
    write("sub/c.txt", "Resume C\nGo developer.");
    write("sub/a.txt", "Another A\nSame id as a.md.");
    write("notes.xlsx", "not supported");
    write("empty.txt", "  ");

    List<String> skipped = new ArrayList<>();
    List<SourceDocument> docs = reader.readAll(dir, DocKind.RESUME, skipped::add);

    assertEquals(List.of("a", "b", "c"), docs.stream().map(SourceDocument::id).toList());
    assertEquals("Resume A", docs.get(0).title());
    assertEquals(3, skipped.size(), skipped.toString());
    assertTrue(skipped.stream().anyMatch(s -> s.startsWith(dir.resolve("empty.txt") + ": file is empty")));
    assertTrue(skipped.stream().anyMatch(s -> s.startsWith(dir.resolve("notes.xlsx") + ": skipped, unsupported")));
    assertTrue(
        skipped.stream()
            .anyMatch(s -> s.startsWith(dir.resolve("sub/a.txt") + ": skipped document 'a', id already taken")),
        skipped.toString());

    // a single file through readAll behaves like read, errors included
    assertEquals("b", only(reader.readAll(dir.resolve("b.txt"), DocKind.RESUME)).id());
    assertThrows(IngestException.class, () -> reader.readAll(dir.resolve("empty.txt"), DocKind.RESUME));
    assertThrows(IngestException.class, () -> reader.readAll(dir.resolve("absent"), DocKind.RESUME));
    assertFalse(docs.isEmpty());
  }
}
