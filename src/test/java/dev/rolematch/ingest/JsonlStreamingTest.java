package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .jsonl files are streamed line by line: a valid file over 64 MB is read to its last line (before:
 * cut at 4 MB, "line 551: invalid JSON: Unexpected end-of-input"); a line whose text is over the
 * per-document cap is capped with the same warning as a huge text file; a line too long to parse is
 * an error naming it. The reader alone: nothing is embedded.
 */
class JsonlStreamingTest {

  @TempDir Path dir;

  @Test
  void aValidFileOver64MbIsReadToTheEnd() throws Exception {
    Path big = dir.resolve("big.jsonl");
    String pad = "p".repeat(100_000); // an extra field the reader ignores: many bytes, few documents
    int lines = 740; // ~74 MB
    try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        w.write("{\"id\": \"d" + i + "\", \"text\": \"Resume " + i + "\\nBuilt Python services\", \"pad\": \"" + pad
            + "\"}\n");
      }
    }
    assertTrue(Files.size(big) > 70_000_000L && Files.size(big) > 64L << 20, "over 70 MB: " + Files.size(big));
    List<SourceDocument> docs = new DocumentReader().read(big, DocKind.RESUME);
    assertEquals(lines, docs.size());
    assertEquals("d" + (lines - 1), docs.get(lines - 1).id());
    assertEquals("Resume " + (lines - 1) + "\nBuilt Python services", docs.get(lines - 1).text());
    assertTrue(docs.stream().allMatch(d -> d.warnings().isEmpty()), "no truncation warning");
  }

  @Test
  void aLineOverTheDocumentCapIsCappedWithTheUsualWarning() throws Exception {
    Path f = dir.resolve("long.jsonl");
    String text = "word ".repeat(4_000).strip(); // 19,999 chars
    Files.writeString(f, "{\"id\": \"short\", \"text\": \"Short one\"}\n"
        + "{\"id\": \"long\", \"text\": \"" + text + "\"}\n"
        + "{\"id\": \"after\", \"text\": \"After the long one\"}\n");
    List<SourceDocument> docs = new DocumentReader(1_000).read(f, DocKind.RESUME);
    assertEquals(List.of("short", "long", "after"), docs.stream().map(SourceDocument::id).toList());
    SourceDocument longDoc = docs.get(1);
    assertTrue(longDoc.text().length() <= 1_000);
    assertEquals(List.of(f + ":2: text is 19999 chars, capped at 1000"), longDoc.warnings());
  }

  @Test
  void aLineTooLongToParseIsAnErrorNamingIt() throws Exception {
    Path f = dir.resolve("huge-line.jsonl");
    Files.writeString(f, "{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": \"b\", \"text\": \"" + "x".repeat(5_000) + "\"}\n");
    int saved = DocumentReader.maxJsonlLineChars;
    DocumentReader.maxJsonlLineChars = 1_000;
    try {
      IngestException e = assertThrows(IngestException.class, () -> new DocumentReader().read(f, DocKind.RESUME));
      assertTrue(e.getMessage().contains("line 2: longer than 1000 characters"), e.getMessage());
    } finally {
      DocumentReader.maxJsonlLineChars = saved;
    }
  }

  @Test
  void invalidUtf8IsCountedOnceAndLiteralReplacementCharactersAreNot() throws Exception {
    Path f = dir.resolve("latin1.jsonl");
    byte[] line1 = "{\"id\": \"a\", \"text\": \"Jos\u00e9 \uFFFD ok\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] line2 = "{\"id\": \"b\", \"text\": \"Caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[line1.length + line2.length];
    System.arraycopy(line1, 0, all, 0, line1.length);
    System.arraycopy(line2, 0, all, line1.length, line2.length);
    Files.write(f, all);
    List<SourceDocument> docs = new DocumentReader().read(f, DocKind.RESUME);
    assertEquals(2, docs.size());
    List<String> warnings = docs.stream().flatMap(d -> d.warnings().stream()).toList();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("invalid UTF-8 at 1 places"), warnings.toString());
  }
}
