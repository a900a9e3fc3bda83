package dev.rolematch.server;

import dev.rolematch.index.WritableStore;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.WriteOutcome;
import dev.rolematch.index.DocKinds;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.RefusedDocumentException;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentFormat;
import dev.rolematch.ingest.DocumentInput;
import dev.rolematch.ingest.DocumentReader;
import dev.rolematch.ingest.IngestException;
import dev.rolematch.ingest.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Adds and removes documents for the server. The server is the index's one writer; writes are
 * serialised by one lock (queries are not: they read near-real-time searchers and never wait for
 * it). Every write is committed before it returns, so the next query sees it.
 *
 * <p>Uploaded bytes and pasted text go through the same {@link DocumentReader} as {@code
 * ./rolematch add}, from memory ({@link DocumentInput#bytes}: no temporary files), so formats,
 * normalisation, metadata extraction and chunking are the CLI's.
 */
public final class DocumentWrites {

  /** Upload formats (a .jsonl file carries its own ids, so it is for the CLI). */
  public static final List<String> UPLOAD_EXTENSIONS = DocumentFormat.uploadExtensions();

  /** What happened to one document. */
  public record Result(String id, String kind, String title, String outcome, int chunks, int textLength,
      List<String> warnings) {}

  private final WritableStore index;
  private final Indexer indexer;
  private final DocumentReader reader = new DocumentReader();
  private final ReentrantLock lock = new ReentrantLock(true);

  public DocumentWrites(WritableStore index, Indexer indexer) {
    this.index = index;
    this.indexer = indexer;
  }

  /** The lock that serialises writes (batch refresh takes it too). */
  public ReentrantLock lock() {
    return lock;
  }

  /** Adds or replaces a document given as text ({@code markdown}: read as .md, else .txt). */
  public Result addText(DocKind kind, String id, String title, String text, boolean markdown)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return add(DocumentInput.bytes("api:" + id, "document." + (markdown ? "md" : "txt"), bytes), kind, id, title);
  }

  /** Adds or replaces an uploaded file; the extension of {@code fileName} selects the reader. */
  public Result addUpload(DocKind kind, String id, String fileName, InputStream content) throws IOException {
    String name = baseName(fileName);
    if (DocumentFormat.ofFileName(name).filter(DocumentFormat::uploadable).isEmpty()) {
      String ext = DocumentFormat.extensionOf(name);
      throw new ApiException(415, "unsupported file type "
          + (ext.isEmpty() ? "(no extension)" : "'." + ext + "'") + "; upload one of: ."
          + String.join(", .", UPLOAD_EXTENSIONS));
    }
    byte[] bytes = content.readAllBytes(); // bounded by the server's body limit
    return add(DocumentInput.bytes("upload:" + name, name, bytes), kind, id, null);
  }

  private Result add(DocumentInput input, DocKind kind, String id, String title) throws IOException {
    SourceDocument read;
    try {
      read = reader.read(input, kind, id);
    } catch (IngestException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    SourceDocument doc = (new SourceDocument(read.id(), kind,
        title == null || title.isBlank() ? read.title() : title.strip(), read.sourcePath(), read.text(),
        read.metadata(), read.warnings(), read.flags()));
    return write(doc);
  }

  private Result write(SourceDocument doc) throws IOException {
    lock.lock();
    try {
      Indexer.Written w;
      try {
        w = indexer.write(doc);
      } catch (RefusedDocumentException e) {
        throw new ApiException(409, e.getMessage());
      }
      if (w.outcome() != WriteOutcome.UNCHANGED) {
        index.commit();
      }
      List<String> warnings = new ArrayList<>(w.stored().warnings());
      for (String n : w.notes()) {
        if (!warnings.contains(n)) {
          warnings.add(n);
        }
      }
      return result(w.stored(), w.outcome().name().toLowerCase(Locale.ROOT), w.chunks(), warnings);
    } finally {
      lock.unlock();
    }
  }

  private static Result result(SourceDocument doc, String outcome, int chunks, List<String> warnings) {
    return new Result(doc.id(), DocKinds.name(doc.kind()), doc.title(), outcome, chunks, doc.text().length(),
        warnings);
  }

  /** Removes a document; false when no such id is indexed. */
  public boolean remove(String id) throws IOException {
    lock.lock();
    try {
      boolean removed = index.remove(id);
      if (removed) {
        index.commit();
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** The name without any client-side folders (browsers on Windows may send them). */
  static String baseName(String fileName) {
    if (fileName == null) {
      return "";
    }
    String n = fileName.replace('\\', '/');
    return n.substring(n.lastIndexOf('/') + 1);
  }
}
