package dev.rolematch.server;

import dev.rolematch.index.WritableStore;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.WriteOutcome;
import dev.rolematch.index.DocKinds;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
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
 * ./rolematch add} (written to a temporary file with the right extension, deleted afterwards, also
 * when the server stops mid-write; folders left by a server that died are deleted when the next
 * one starts), so normalisation, metadata extraction and chunking are the CLI's.
 */
public final class DocumentWrites {

  /** Upload formats (a .jsonl file carries its own ids, so it is for the CLI). */
  public static final List<String> UPLOAD_EXTENSIONS = List.of("pdf", "docx", "txt", "md", "markdown");

  /** What happened to one document. */
  public record Result(String id, String kind, String title, String outcome, int chunks, int textLength,
      List<String> warnings) {}

  private final WritableStore index;
  private final Indexer indexer;
  private final DocumentReader reader = new DocumentReader();
  private final ReentrantLock lock = new ReentrantLock(true);
  /** Temporary folders of writes in progress. */
  private final Set<Path> active = ConcurrentHashMap.newKeySet();

  /** Temporary folders are {@code <tmp>/rolematch-upload-<pid>-<random>}. */
  static final String TEMP_PREFIX = "rolematch-upload-";

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
    return add(kind, id, title, markdown ? "md" : "txt", "api:" + id, in -> Files.write(in, bytes));
  }

  /** Adds or replaces an uploaded file; the extension of {@code fileName} selects the reader. */
  public Result addUpload(DocKind kind, String id, String fileName, InputStream content) throws IOException {
    String ext = extension(fileName);
    if (!UPLOAD_EXTENSIONS.contains(ext)) {
      throw new ApiException(415, "unsupported file type "
          + (ext.isEmpty() ? "(no extension)" : "'." + ext + "'") + "; upload one of: ."
          + String.join(", .", UPLOAD_EXTENSIONS));
    }
    return add(kind, id, null, ext, "upload:" + baseName(fileName),
        in -> Files.copy(content, in, StandardCopyOption.REPLACE_EXISTING));
  }

  private interface Writer {
    void write(Path file) throws IOException;
  }

  private Result add(DocKind kind, String id, String title, String ext, String source, Writer writer)
      throws IOException {
    Path dir = Files.createTempDirectory(TEMP_PREFIX + ProcessHandle.current().pid() + "-");
    active.add(dir);
    try {
      Path file = dir.resolve("document." + ext);
      writer.write(file);
      SourceDocument read;
      try {
        read = reader.read(file, kind, id).get(0);
      } catch (IngestException e) {
        // The reader names the temporary file; the client knows it as its upload.
        throw ApiException.badRequest(e.getMessage().replace(file.toString(), source));
      }
      List<String> warnings = new ArrayList<>();
      for (String w : read.warnings()) {
        warnings.add(w.replace(file.toString(), source));
      }
      SourceDocument doc = indexer.prepare(new SourceDocument(read.id(), kind, // masked when the index is blind
          title == null || title.isBlank() ? read.title() : title.strip(), source, read.text(), read.metadata(),
          warnings));
      return write(doc);
    } finally {
      deleteTree(dir);
      active.remove(dir);
    }
  }

  /** Deletes the temporary folders of writes still running (the server is stopping). */
  public void deleteTemporaryFiles() {
    for (Path dir : List.copyOf(active)) {
      deleteTree(dir);
      active.remove(dir);
    }
  }

  /**
   * Deletes what earlier servers left in {@code tmpRoot} when they died mid-write: folders {@code
   * rolematch-upload-<pid>-*} whose process is gone (or is a newer process with a reused pid), and
   * folders of the older unnamed form ({@code rolematch-upload-<random>}) untouched for an hour.
   * Returns how many were deleted.
   */
  public static int deleteStaleUploads(Path tmpRoot) {
    int deleted = 0;
    long self = ProcessHandle.current().pid();
    try (Stream<Path> list = Files.list(tmpRoot)) {
      for (Path dir : list.toList()) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(TEMP_PREFIX) || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (isStale(dir, name.substring(TEMP_PREFIX.length()), self)) {
          deleteTree(dir);
          deleted += Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? 0 : 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing to clean, or not allowed to look: leftovers are harmless
    }
    return deleted;
  }

  private static boolean isStale(Path dir, String rest, long self) throws IOException {
    java.time.Instant modified = Files.getLastModifiedTime(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
    int dash = rest.indexOf('-');
    long pid = -1;
    if (dash > 0) {
      try {
        pid = Long.parseLong(rest.substring(0, dash));
      } catch (NumberFormatException e) {
        pid = -1;
      }
    }
    if (pid < 0) {
      return modified.isBefore(java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
    }
    if (pid == self) {
      return false;
    }
    var owner = ProcessHandle.of(pid);
    if (owner.isEmpty() || !owner.get().isAlive()) {
      return true;
    }
    // A live process with that pid started after the folder was written is not its owner.
    return owner.get().info().startInstant().map(start -> start.isAfter(modified)).orElse(false);
  }

  private Result write(SourceDocument doc) throws IOException {
    lock.lock();
    try {
      String sha = Indexer.sha256(doc.text());
      var existing = index.get(doc.id(), true);
      if (existing.isPresent() && existing.get().kind() != doc.kind()) {
        throw new ApiException(409, "id '" + doc.id() + "' is already taken by a "
            + DocKinds.name(existing.get().kind()) + "; delete it first or pick another id");
      }
      boolean sameText = existing.map(d -> sha.equals(d.sha256())).orElse(false);
      boolean sameTitle = existing.map(d -> doc.title().equals(d.title())).orElse(false);
      if (sameText && sameTitle) {
        return result(doc, "unchanged", existing.get().chunks().size(), doc.warnings());
      }
      StoredDocument stored = indexer.embed(doc, sha);
      if (sameText) {
        // Only the title changed, and upsert skips same-text documents: delete first, and make the
        // delete visible to the writer's searcher (upsert reads it) without committing it alone.
        index.remove(doc.id());
        index.refresh();
      }
      WriteOutcome outcome = index.upsert(stored);
      index.commit();
      List<String> warnings = new ArrayList<>(doc.warnings());
      for (String w : stored.warnings()) {
        if (!warnings.contains(w)) {
          warnings.add(w);
        }
      }
      String o = existing.isPresent() ? "replaced" : outcome.name().toLowerCase(Locale.ROOT);
      return result(doc, o, stored.chunks().size(), warnings);
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

  static String extension(String fileName) {
    String n = baseName(fileName);
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The name without any client-side folders (browsers on Windows may send them). */
  static String baseName(String fileName) {
    if (fileName == null) {
      return "";
    }
    String n = fileName.replace('\\', '/');
    return n.substring(n.lastIndexOf('/') + 1);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover temp folder is harmless
    }
  }
}
