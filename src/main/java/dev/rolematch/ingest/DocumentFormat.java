package dev.rolematch.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats rolematch reads, with the file extensions that name them: the one vocabulary of
 * extensions for {@code add}, folder walks and uploads.
 */
public enum DocumentFormat {
  TEXT(true, "txt"),
  MARKDOWN(true, "md", "markdown"),
  PDF(true, "pdf"),
  DOCX(true, "docx"),
  /** One document per line; records carry their own ids, so it is not an upload format. */
  JSONL(false, "jsonl");

  private final boolean uploadable;
  private final List<String> extensions;

  DocumentFormat(boolean uploadable, String... extensions) {
    this.uploadable = uploadable;
    this.extensions = List.of(extensions);
  }

  public List<String> extensions() {
    return extensions;
  }

  /** Whether one uploaded file of this format is one document (the server's upload formats). */
  public boolean uploadable() {
    return uploadable;
  }

  /** The lower-case extension of a file name ("" when it has none; a leading dot is no extension). */
  public static String extensionOf(String fileName) {
    String n = fileName == null ? "" : fileName.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    int dot = n.lastIndexOf('.');
    return dot <= 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The format a file name's extension names, if any. */
  public static Optional<DocumentFormat> ofFileName(String fileName) {
    String ext = extensionOf(fileName);
    return Arrays.stream(values()).filter(f -> f.extensions.contains(ext)).findFirst();
  }

  /** Every supported extension. */
  public static List<String> supportedExtensions() {
    return Arrays.stream(values()).flatMap(f -> f.extensions.stream()).toList();
  }

  /** The extensions of the upload formats. */
  public static List<String> uploadExtensions() {
    return Arrays.stream(values()).filter(DocumentFormat::uploadable).flatMap(f -> f.extensions.stream()).toList();
  }

  /** "unsupported file type '.x'; supported: .txt, .md, ..." for a name no format claims. */
  public static String unsupported(String fileName, List<String> supported) {
    String ext = extensionOf(fileName);
    return (ext.isEmpty() ? "no file extension" : "unsupported file type '." + ext + "'") + "; supported: ."
        + String.join(", .", supported);
  }
}
