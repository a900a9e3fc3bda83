package dev.rolematch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages for a CLI user: zip-bomb DOCX, broken links (single file and inside a folder). */
class HostileFilesTest {

  @TempDir Path dir;

  @Test
  void aZipBombDocxSaysSoInUserWords() throws Exception {
    Path docx = dir.resolve("bomb.docx");
    try (XWPFDocument d = new XWPFDocument(); OutputStream out = Files.newOutputStream(docx)) {
      d.createParagraph().createRun().setText("a".repeat(3_000_000)); // compresses over 1000:1
      d.write(out);
    }
    IngestException e = assertThrows(IngestException.class, () -> new DocumentReader().read(docx, DocKind.RESUME));
    assertEquals(docx + ": DOCX looks like a zip bomb (compression ratio above 100); not read", e.getMessage());
    assertFalse(e.getMessage().contains("ZipSecureFile"), e.getMessage());
  }

  @Test
  void brokenLinksAreReportedNotSkippedSilently() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    Files.writeString(folder.resolve("ok.txt"), "Ok Person\nBuilt things");
    Path link = Files.createSymbolicLink(folder.resolve("gone.txt"), dir.resolve("missing.txt"));
    IngestException single = assertThrows(IngestException.class, () -> new DocumentReader().read(link, DocKind.RESUME));
    assertEquals(link + ": broken link: points to " + dir.resolve("missing.txt") + ", which does not exist",
        single.getMessage());
    List<String> skipped = new ArrayList<>();
    List<SourceDocument> docs = new DocumentReader().readAll(folder, DocKind.RESUME, skipped::add);
    assertEquals(1, docs.size());
    assertTrue(skipped.stream().anyMatch(m -> m.startsWith(link + ": skipped, broken link")), skipped.toString());
  }
}
