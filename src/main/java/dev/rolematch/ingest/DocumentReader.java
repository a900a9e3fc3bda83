package dev.rolematch.ingest;

import dev.rolematch.ingest.integrity.IntegrityFlag;
import dev.rolematch.ingest.integrity.PromptInjection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads postings and resumes into {@link SourceDocument}s: the one ingestion entry of {@code add},
 * the server's uploads and pasted text ({@link DocumentInput#bytes}: no temporary files) and
 * folder reads. One reader per format: text ({@link TextDecoder}), Markdown ({@link
 * MarkdownText}: emphasis stripped, heading and bullet lines kept), PDF ({@link PdfText}), DOCX
 * ({@link DocxText}) and {@code .jsonl} ({@link JsonlReader}, one document per line); ids from
 * {@link DocumentIds}, titles from {@link Titles}, formats from {@link DocumentFormat}.
 *
 * <p>Bad input is never lost silently: a file that cannot be used at all (missing, unreadable,
 * empty, binary, not a valid PDF/DOCX, unsupported extension) is an {@link IngestException} naming
 * the file and the reason; a file that can be used with caveats (invalid UTF-8, text over the cap)
 * is read and the caveat recorded in {@link SourceDocument#warnings()}. Folder reads turn per-file
 * exceptions into "skipped" warnings and carry on.
 */
public final class DocumentReader {

  public static final int MAX_CHARS = 1_000_000;

  public static final List<String> SUPPORTED_EXTENSIONS = DocumentFormat.supportedExtensions();

  /** Text files up to this size are read whole, so the warning can say how long the text was. */
  private static final long READ_WHOLE_BYTES = 64L << 20;

  private static final System.Logger LOG = System.getLogger(DocumentReader.class.getName());

  /** Longest .jsonl line read (characters); package-private and mutable for tests only. */
  static int maxJsonlLineChars = 32 << 20;

  private final TextCap cap;
  private final MetadataExtractor extractor;

  public DocumentReader() {
    this(MAX_CHARS);
  }

  /** @param maxChars texts longer than this (after normalisation) are capped, with a warning */
  public DocumentReader(int maxChars) {
    this(maxChars, new MetadataExtractor());
  }

  public DocumentReader(int maxChars, MetadataExtractor extractor) {
    this.cap = new TextCap(maxChars);
    this.extractor = extractor;
  }

  /**
   * Reads one file. Most formats give one document with id = file name without extension; a
   * {@code .jsonl} file gives one per non-blank line (see {@link JsonlReader}).
   */
  public List<SourceDocument> read(Path path, DocKind kind) throws IngestException {
    return read(path, kind, null);
  }

  /**
   * As {@link #read(Path, DocKind)}, with the id taken from {@code idOverride} (normalised)
   * instead of the file name. Not allowed for .jsonl, whose records carry their own ids.
   */
  public List<SourceDocument> read(Path path, DocKind kind, String idOverride) throws IngestException {
    String broken = FolderWalk.brokenLink(path);
    if (broken != null) {
      throw new IngestException(path, broken);
    }
    DocumentFormat format = formatOf(path.toString(), path.getFileName() == null ? "" : path.getFileName().toString(),
        DocumentFormat.supportedExtensions());
    if (format == DocumentFormat.JSONL) {
      if (idOverride != null) {
        throw new IllegalArgumentException(path + ": .jsonl records carry their own ids; idOverride is not allowed");
      }
      return new JsonlReader(cap, extractor, maxJsonlLineChars).read(path, kind);
    }
    return List.of(read(DocumentInput.file(path), format, kind, idOverride));
  }

  /**
   * Reads one document from bytes in memory (an upload, pasted text): the format comes from the
   * extension of {@code input.fileName()} and must be an upload format ({@link
   * DocumentFormat#uploadable()}); {@code id} is required.
   */
  public SourceDocument read(DocumentInput input, DocKind kind, String id) throws IngestException {
    DocumentFormat format = formatOf(input.name(), input.fileName(), DocumentFormat.uploadExtensions());
    if (!format.uploadable()) {
      throw new IngestException(input.name(), DocumentFormat.unsupported(input.fileName(),
          DocumentFormat.uploadExtensions()));
    }
    return read(input, format, kind, id);
  }

  private static DocumentFormat formatOf(String source, String fileName, List<String> allowed) throws IngestException {
    return DocumentFormat.ofFileName(fileName).filter(f -> allowed.containsAll(f.extensions()))
        .orElseThrow(() -> new IngestException(source, DocumentFormat.unsupported(fileName, allowed)));
  }

  private SourceDocument read(DocumentInput in, DocumentFormat format, DocKind kind, String idOverride)
      throws IngestException {
    String source = in.name();
    String id = idOverride != null ? DocumentIds.orRefuse(source, idOverride)
        : DocumentIds.fromFileName(source, in.fileName());
    List<String> warnings = new ArrayList<>();
    List<IntegrityFlag> flags = new ArrayList<>(); // hidden text found while reading
    String raw = switch (format) {
      case PDF -> PdfText.read(in, flags);
      case DOCX -> DocxText.read(in, flags);
      default -> {
        in.checkReadable();
        // Far over the cap: a prefix that holds more than maxChars characters is enough.
        byte[] bytes = in.read(Math.max(READ_WHOLE_BYTES, 8L * cap.maxChars()),
            (int) Math.min(Integer.MAX_VALUE - 16, 4L * cap.maxChars() + 4), warnings);
        String text = TextDecoder.decode(source, bytes, warnings);
        yield format == DocumentFormat.MARKDOWN ? MarkdownText.stripEmphasis(text) : text;
      }
    };
    String text = cap.apply(raw, source, warnings);
    PromptInjection.Screened screened = PromptInjection.screen(text); // kept out of the score
    text = screened.text();
    flags.addAll(screened.flags());
    if (text.isEmpty()) {
      throw new IngestException(source, switch (format) {
        case PDF -> "PDF has no extractable text (scanned images? OCR is not supported)";
        case DOCX -> "DOCX is empty (no text in its paragraphs or tables)";
        default -> "file is empty (no text after removing whitespace)";
      });
    }
    return new SourceDocument(id, kind, Titles.firstLine(text), source, text, extractor.extract(text, kind), warnings,
        flags);
  }

  /**
   * Reads a file, or every supported file under a folder ({@link FolderWalk}). In a folder, files
   * that fail (unsupported, empty, binary, ...) or whose id repeats an earlier one are skipped and
   * reported to {@code skipped}, one message each.
   *
   * @throws IngestException when a single file cannot be read, or the folder does not exist
   */
  public List<SourceDocument> readAll(Path fileOrFolder, DocKind kind, Consumer<String> skipped)
      throws IngestException {
    if (!Files.exists(fileOrFolder)) {
      throw new IngestException(fileOrFolder, "no such file or folder");
    }
    if (!Files.isDirectory(fileOrFolder)) {
      return read(fileOrFolder, kind);
    }
    List<Path> files = FolderWalk.files(fileOrFolder, (file, why) -> skipped.accept(file + ": skipped, " + why));
    List<SourceDocument> out = new ArrayList<>();
    Map<String, String> idSources = new HashMap<>();
    for (Path file : files) {
      try {
        for (SourceDocument doc : read(file, kind)) {
          String previous = idSources.putIfAbsent(doc.id(), doc.sourcePath());
          if (previous != null) {
            skipped.accept(file + ": skipped document '" + doc.id() + "', id already taken by " + previous
                + "; rename one of them");
            continue;
          }
          out.add(doc);
        }
      } catch (IngestException e) {
        skipped.accept(e.getMessage() + " (skipped)");
      }
    }
    return out;
  }

  /** As {@link #readAll(Path, DocKind, Consumer)}, logging skipped files as warnings. */
  public List<SourceDocument> readAll(Path fileOrFolder, DocKind kind) throws IngestException {
    return readAll(fileOrFolder, kind, msg -> LOG.log(System.Logger.Level.WARNING, msg));
  }
}
