package dev.rolematch.ingest;

import dev.rolematch.ingest.integrity.IntegrityFlag;
import dev.rolematch.ingest.integrity.PdfVisibleText;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/** A PDF's visible text (PDFBox; hidden text is flagged, {@link PdfVisibleText}), with refusals in words: password, no extraction allowed, damaged file. */
final class PdfText {
  private PdfText() {}

  /** The PDF's visible text; text nobody can see on the page goes to {@code flags} instead. */
  static String read(DocumentInput in, List<IntegrityFlag> flags) throws IngestException {
    in.checkReadable();
    String path = in.name();
    try (PDDocument doc = in.path() != null ? Loader.loadPDF(in.path().toFile()) : Loader.loadPDF(in.bytes())) {
      if (!doc.getCurrentAccessPermission().canExtractContent()) {
        throw new IngestException(path, "PDF does not allow text extraction (its permissions forbid it)");
      }
      PdfVisibleText.Result visible = PdfVisibleText.read(doc);
      flags.addAll(visible.flags());
      return visible.text();
    } catch (InvalidPasswordException e) {
      throw new IngestException(path, "PDF is password-protected; remove the password first", e);
    } catch (IOException e) {
      throw new IngestException(path, "not a valid PDF: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // PDFBox can throw unchecked exceptions on damaged files
      throw new IngestException(path, "not a valid PDF: " + e, e);
    }
  }
}
