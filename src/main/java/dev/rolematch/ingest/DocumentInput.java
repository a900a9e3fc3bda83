package dev.rolematch.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a document's bytes come from: a file (read as a stream, never whole unless it is small)
 * or bytes already in memory (an upload, pasted text). Readers take either, so the server reads
 * uploads exactly as {@code add} reads files, without temporary files.
 *
 * @param name what messages and the stored source call the document: its path, or e.g. {@code upload:cv.pdf}
 * @param fileName the file name whose extension selects the format (and gives the default id)
 * @param path the file, or null for bytes in memory
 * @param bytes the content, or null for a file
 */
public record DocumentInput(String name, String fileName, Path path, byte[] bytes) {

  public static DocumentInput file(Path path) {
    Path n = path.getFileName();
    return new DocumentInput(path.toString(), n == null ? "" : n.toString(), path, null);
  }

  public static DocumentInput bytes(String name, String fileName, byte[] bytes) {
    return new DocumentInput(name, fileName, null, bytes);
  }

  public InputStream open() throws IOException {
    return path != null ? Files.newInputStream(path) : new ByteArrayInputStream(bytes);
  }

  /** Fails early, in words, when a file is missing or unreadable (before a parser says worse). */
  void checkReadable() throws IngestException {
    if (path == null) {
      return;
    }
    if (!Files.exists(path)) {
      throw new IngestException(name, "cannot read file: no such file");
    }
    if (!Files.isReadable(path)) {
      throw new IngestException(name, "cannot read file: permission denied");
    }
  }

  /**
   * The bytes, or of a file over {@code whole} bytes its first {@code prefix} bytes with a
   * warning (a text far over the character cap is cut anyway).
   */
  byte[] read(long whole, int prefix, List<String> warnings) throws IngestException {
    if (path == null) {
      return bytes;
    }
    try {
      long size = Files.size(path);
      if (size <= whole) {
        return Files.readAllBytes(path);
      }
      byte[] buf = new byte[prefix];
      int n;
      try (InputStream in = Files.newInputStream(path)) {
        n = in.readNBytes(buf, 0, prefix);
      }
      warnings.add(name + ": file is " + size + " bytes; read only the first " + n + " bytes");
      return java.util.Arrays.copyOf(buf, n);
    } catch (IOException e) {
      throw new IngestException(name, "cannot read file: " + describe(e), e);
    }
  }

  /** An I/O error in words ("no such file", "permission denied", else its class and message). */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
