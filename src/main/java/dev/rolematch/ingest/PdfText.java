package dev.rolematch.ingest;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/** A PDF's text (PDFBox), with refusals in words: password, no extraction allowed, damaged file. */
final class PdfText {
  private PdfText() {}

  static String read(DocumentInput in) throws IngestException {
    in.checkReadable();
    String path = in.name();
    try (PDDocument doc = in.path() != null ? Loader.loadPDF(in.path().toFile()) : Loader.loadPDF(in.bytes())) {
      if (!doc.getCurrentAccessPermission().canExtractContent()) {
        throw new IngestException(path, "PDF does not allow text extraction (its permissions forbid it)");
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      return stripper.getText(doc);
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
