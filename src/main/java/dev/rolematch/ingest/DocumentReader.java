package dev.rolematch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.ingest.integrity.DocxVisibleText;
import dev.rolematch.ingest.integrity.IntegrityFlag;
import dev.rolematch.ingest.integrity.PdfVisibleText;
import dev.rolematch.ingest.integrity.PromptInjection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Reads postings and resumes from disk into {@link SourceDocument}s.
 *
 * <p>Formats: {@code .txt}, {@code .md}/{@code .markdown} (emphasis markers stripped, heading and
 * bullet lines kept), {@code .pdf} (PDFBox text), {@code .docx} (paragraphs as lines, list
 * paragraphs as "- " bullets, table rows as "a | b" lines) and {@code .jsonl} (one document per
 * line, see {@link #read(Path, DocKind)}).
 *
 * <p>Bad input is never lost silently: a file that cannot be used at all (missing, unreadable,
 * empty, binary, not a valid PDF/DOCX, unsupported extension) is an {@link IngestException} naming
 * the file and the reason; a file that can be used with caveats (invalid UTF-8, text over the cap)
 * is read and the caveat recorded in {@link SourceDocument#warnings()}. Folder reads turn per-file
 * exceptions into "skipped" warnings and carry on.
 */
public final class DocumentReader {

  public static final int MAX_CHARS = 1_000_000;

  public static final List<String> SUPPORTED_EXTENSIONS =
      List.of("txt", "md", "markdown", "pdf", "docx", "jsonl");

  /** Text files up to this size are read whole, so the warning can say how long the text was. */
  private static final long READ_WHOLE_BYTES = 64L << 20;

  private static final int TITLE_CHARS = 120;

  private static final System.Logger LOG = System.getLogger(DocumentReader.class.getName());
  /** JSON for .jsonl lines: no string length limit of its own (lines are bounded by the reader). */
  private static final ObjectMapper JSON = new ObjectMapper(
      com.fasterxml.jackson.core.JsonFactory.builder()
          .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
              .maxStringLength(Integer.MAX_VALUE).build())
          .build());

  /**
   * Longest .jsonl line read (characters). A longer line is an error naming it (it cannot be parsed
   * in part); lines up to it whose text is over the per-document cap are capped with a warning.
   * Package-private and mutable for tests only.
   */
  static int maxJsonlLineChars = 32 << 20;

  private final int maxChars;
  private final MetadataExtractor extractor;

  public DocumentReader() {
    this(MAX_CHARS);
  }

  /** @param maxChars texts longer than this (after normalisation) are capped, with a warning */
  public DocumentReader(int maxChars) {
    this(maxChars, new MetadataExtractor());
  }

  public DocumentReader(int maxChars, MetadataExtractor extractor) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be >= 1: " + maxChars);
    }
    this.maxChars = maxChars;
    this.extractor = extractor;
  }

  /**
   * Reads one file. Most formats give one document with id = file name without extension; a
   * {@code .jsonl} file gives one per non-blank line, each an object with {@code id} and {@code
   * text} (required) and optional {@code title}, {@code kind} ("posting"/"resume", overrides the
   * argument), {@code location}, {@code years_experience}, {@code highest_degree}, {@code
   * graduation_year} (each overrides what would be extracted from the text).
   */
  public List<SourceDocument> read(Path path, DocKind kind) throws IngestException {
    return read(path, kind, null);
  }

  /**
   * As {@link #read(Path, DocKind)}, with the id taken from {@code idOverride} (normalised)
   * instead of the file name. Not allowed for .jsonl, whose records carry their own ids.
   */
  public List<SourceDocument> read(Path path, DocKind kind, String idOverride)
      throws IngestException {
    String broken = brokenLink(path);
    if (broken != null) {
      throw new IngestException(path, broken);
    }
    String ext = extension(path);
    if (!SUPPORTED_EXTENSIONS.contains(ext)) {
      throw new IngestException(
          path,
          (ext.isEmpty() ? "no file extension" : "unsupported file type '." + ext + "'")
              + "; supported: ."
              + String.join(", .", SUPPORTED_EXTENSIONS));
    }
    if (ext.equals("jsonl")) {
      if (idOverride != null) {
        throw new IllegalArgumentException(
            path + ": .jsonl records carry their own ids; idOverride is not allowed");
      }
      return readJsonl(path, kind);
    }
    String id = idOverride != null ? normalizeIdOrThrow(path, idOverride) : idFromFileName(path);
    List<String> warnings = new ArrayList<>();
    List<IntegrityFlag> flags = new ArrayList<>(); // hidden text found while reading
    String raw =
        switch (ext) {
          case "pdf" -> pdfText(path, flags);
          case "docx" -> docxText(path, flags);
          default -> decodeText(path, readBytes(path, warnings), warnings);
        };
    if (ext.equals("md") || ext.equals("markdown")) {
      raw = stripMarkdownEmphasis(raw);
    }
    String text = normalizeAndCap(raw, path.toString(), warnings);
    PromptInjection.Screened screened = PromptInjection.screen(text); // kept out of the score
    text = screened.text();
    flags.addAll(screened.flags());
    if (text.isEmpty()) {
      throw new IngestException(
          path,
          switch (ext) {
            case "pdf" -> "PDF has no extractable text (scanned images? OCR is not supported)";
            case "docx" -> "DOCX is empty (no text in its paragraphs or tables)";
            default -> "file is empty (no text after removing whitespace)";
          });
    }
    return List.of(
        new SourceDocument(
            id,
            kind,
            titleOf(text),
            path.toString(),
            text,
            extractor.extract(text, kind),
            warnings,
            flags));
  }

  /**
   * Reads a file, or every supported file under a folder (recursively, in path order). In a
   * folder, files that fail (unsupported, empty, binary, ...) or whose id repeats an earlier one
   * are skipped and reported to {@code skipped}, one message each.
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
    List<Path> files = listFiles(fileOrFolder, skipped);
    List<SourceDocument> out = new ArrayList<>();
    Map<String, String> idSources = new HashMap<>();
    for (Path file : files) {
      if (!SUPPORTED_EXTENSIONS.contains(extension(file))) {
        skipped.accept(
            file + ": skipped, unsupported file type; supported: ."
                + String.join(", .", SUPPORTED_EXTENSIONS));
        continue;
      }
      try {
        for (SourceDocument doc : read(file, kind)) {
          String previous = idSources.putIfAbsent(doc.id(), doc.sourcePath());
          if (previous != null) {
            skipped.accept(
                file + ": skipped document '" + doc.id() + "', id already taken by " + previous
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

  /**
   * Lower-case id of {@code [a-z0-9._-]}: accents dropped, spaces and other characters become
   * '-', repeats collapsed, '-' and '.' trimmed from the ends. May return "".
   */
  public static String normalizeId(String raw) {
    String s = Normalizer.normalize(raw.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("-{2,}", "-");
    return s.replaceAll("^[-.]+|[-.]+$", "");
  }

  // ---------------------------------------------------------------------------------------------
  // files

  private static List<Path> listFiles(Path root, Consumer<String> skipped) throws IngestException {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                files.add(file);
              } else if (attrs.isSymbolicLink()) {
                String broken = brokenLink(file);
                if (broken != null) {
                  skipped.accept(file + ": skipped, " + broken);
                } else if (Files.isRegularFile(file)) {
                  files.add(file); // a link to a file is read like the file
                } else {
                  skipped.accept(file + ": skipped, a link to a folder (links to folders are not followed)");
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              skipped.accept(file + ": skipped, cannot read: " + describe(e));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new IngestException(root, "cannot list folder: " + describe(e), e);
    }
    files.sort(null);
    return files;
  }

  private byte[] readBytes(Path path, List<String> warnings) throws IngestException {
    try {
      long size = Files.size(path);
      long whole = Math.max(READ_WHOLE_BYTES, 8L * maxChars);
      if (size <= whole) {
        return Files.readAllBytes(path);
      }
      // Far over the cap: read a prefix that holds more than maxChars characters.
      int prefix = (int) Math.min(Integer.MAX_VALUE - 16, 4L * maxChars + 4);
      byte[] buf = new byte[prefix];
      int n = 0;
      try (InputStream in = Files.newInputStream(path)) {
        n = in.readNBytes(buf, 0, prefix);
      }
      warnings.add(path + ": file is " + size + " bytes; read only the first " + n + " bytes");
      return java.util.Arrays.copyOf(buf, n);
    } catch (IOException e) {
      throw new IngestException(path, "cannot read file: " + describe(e), e);
    }
  }

  /**
   * "broken link: points to T, which does not exist" for a symbolic link whose target is missing,
   * else null.
   */
  public static String brokenLink(Path path) {
    if (!Files.isSymbolicLink(path) || Files.exists(path)) {
      return null;
    }
    String target;
    try {
      target = Files.readSymbolicLink(path).toString();
    } catch (IOException | RuntimeException e) {
      target = "?";
    }
    return "broken link: points to " + target + ", which does not exist";
  }

  private static void checkReadable(Path path) throws IngestException {
    if (!Files.exists(path)) {
      throw new IngestException(path, "cannot read file: no such file");
    }
    if (!Files.isReadable(path)) {
      throw new IngestException(path, "cannot read file: permission denied");
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // text, with encoding checks

  /** Decodes text bytes: UTF-16 if it has a BOM, else UTF-8 with replacement (and a warning). */
  static String decodeText(Path path, byte[] bytes, List<String> warnings) throws IngestException {
    if (bytes.length == 0) {
      throw new IngestException(path, "file is empty (0 bytes)");
    }
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      return new String(bytes, StandardCharsets.UTF_16); // Windows "Unicode" text; BOM decides
    }
    String binary = binaryReason(bytes);
    if (binary != null) {
      throw new IngestException(path, "looks binary (" + binary + "), not a text file");
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    String text;
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      throw new IngestException(path, "cannot decode as UTF-8: " + e, e); // not with REPLACE
    }
    int replaced = countChar(text, '\uFFFD') - countLiteralReplacementChars(bytes);
    if (replaced > 0) {
      if (replaced >= 16 && replaced * 5L > text.length()) {
        throw new IngestException(
            path, "looks binary (" + replaced + " invalid UTF-8 sequences in " + bytes.length
                + " bytes), not a text file");
      }
      warnings.add(
          path + ": invalid UTF-8 at " + replaced
              + " places, decoded with replacement characters (\uFFFD); is the file in another"
              + " encoding (e.g. Windows-1252)?");
    }
    return text;
  }

  /** Why bytes look like a binary file, or null: NUL bytes or many control characters. */
  private static String binaryReason(byte[] bytes) {
    int sample = Math.min(bytes.length, 64 * 1024);
    int nul = 0;
    int control = 0;
    for (int i = 0; i < sample; i++) {
      int b = bytes[i] & 0xFF;
      if (b == 0) {
        nul++;
      } else if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x0B)
          || b == 0x7F) {
        control++;
      }
    }
    if (nul > 0) {
      return nul + " NUL bytes in the first " + sample + " bytes";
    }
    if (control * 20L > sample) {
      return control + " control characters in the first " + sample + " bytes";
    }
    return null;
  }

  private static int countChar(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  /** U+FFFD written in the file on purpose (EF BF BD) is not a decoding error. */
  private static int countLiteralReplacementChars(byte[] b) {
    int n = 0;
    for (int i = 0; i + 2 < b.length; i++) {
      if (b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBF && b[i + 2] == (byte) 0xBD) {
        n++;
      }
    }
    return n;
  }

  /** Normalises, then caps at maxChars with a warning that says by how much. */
  private String normalizeAndCap(String raw, String source, List<String> warnings) {
    // Normalise only a prefix of a huge text: the cap would drop the rest anyway.
    int prefix = (int) Math.min(raw.length(), 2L * maxChars);
    String text = TextNormalizer.normalize(prefix < raw.length() ? raw.substring(0, prefix) : raw);
    if (text.length() > maxChars || prefix < raw.length()) {
      int cut = Math.min(maxChars, text.length());
      if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--; // never split a surrogate pair
      }
      warnings.add(source + ": text is " + raw.length() + " chars, capped at " + maxChars);
      text = text.substring(0, cut).strip();
    }
    return text;
  }

  private static final Pattern MD_IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]*\\)");
  private static final Pattern MD_STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern MD_EM_STAR = Pattern.compile("(?<![\\w*])\\*(?=[^\\s*])(.+?)(?<=[^\\s*])\\*(?![\\w*])");
  private static final Pattern MD_EM_UNDERSCORE = Pattern.compile("(?<![\\w_])_(?=[^\\s_])(.+?)(?<=[^\\s_])_(?![\\w_])");
  private static final Pattern MD_STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
  private static final Pattern MD_CODE = Pattern.compile("`([^`\\n]+)`");

  /**
   * Removes Markdown emphasis (bold, italics, strike-through, inline code) and link syntax but
   * keeps heading ('#') and bullet ('-', '*') lines as they are: both carry structure.
   */
  static String stripMarkdownEmphasis(String md) {
    StringBuilder out = new StringBuilder(md.length());
    for (String line : md.split("\n", -1)) {
      String l = MD_IMAGE.matcher(line).replaceAll("$1");
      l = MD_LINK.matcher(l).replaceAll("$1");
      l = MD_CODE.matcher(l).replaceAll("$1");
      l = MD_STRONG.matcher(l).replaceAll("$2");
      l = MD_STRIKE.matcher(l).replaceAll("$1");
      l = MD_EM_STAR.matcher(l).replaceAll("$1");
      l = MD_EM_UNDERSCORE.matcher(l).replaceAll("$1");
      out.append(l).append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // PDF and DOCX

  /** The PDF's visible text; text nobody can see on the page goes to {@code flags} instead. */
  private static String pdfText(Path path, List<IntegrityFlag> flags) throws IngestException {
    checkReadable(path);
    try (PDDocument doc = Loader.loadPDF(path.toFile())) {
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

  /** The DOCX's visible text; runs Word does not show go to {@code flags} instead. */
  private static String docxText(Path path, List<IntegrityFlag> flags) throws IngestException {
    checkReadable(path);
    try (InputStream in = Files.newInputStream(path);
        XWPFDocument doc = new XWPFDocument(in)) {
      StringBuilder sb = new StringBuilder();
      DocxVisibleText visible = new DocxVisibleText();
      for (IBodyElement element : doc.getBodyElements()) {
        if (element instanceof XWPFParagraph p) {
          appendParagraph(sb, p, visible.paragraph(p));
        } else if (element instanceof XWPFTable table) {
          for (XWPFTableRow row : table.getRows()) {
            List<String> cells = new ArrayList<>();
            for (XWPFTableCell cell : row.getTableCells()) {
              String t = visible.cell(cell).strip().replace('\n', ' ');
              if (!t.isEmpty()) {
                cells.add(t);
              }
            }
            if (!cells.isEmpty()) {
              sb.append(String.join(" | ", cells)).append('\n');
            }
          }
          sb.append('\n');
        }
      }
      flags.addAll(visible.flags());
      return sb.toString();
    } catch (IOException | RuntimeException e) {
      // POI reports broken packages with unchecked exceptions too (NotOfficeXmlFileException, ...)
      String bomb = zipBomb(e);
      if (bomb != null) {
        throw new IngestException(path, bomb, e);
      }
      throw new IngestException(path, "not a valid DOCX: " + e.getMessage(), e);
    }
  }

  /**
   * A user-worded reason when POI refused a DOCX as a zip bomb (its own message tells a developer
   * which static setter to call), else null.
   */
  static String zipBomb(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m == null || !m.toLowerCase(Locale.ROOT).contains("zip bomb")) {
        continue;
      }
      if (m.contains("setMaxEntrySize") || m.contains("max size")) {
        return "DOCX looks like a zip bomb (a part expands past "
            + org.apache.poi.openxml4j.util.ZipSecureFile.getMaxEntrySize() + " bytes); not read";
      }
      double ratio = org.apache.poi.openxml4j.util.ZipSecureFile.getMinInflateRatio();
      long above = ratio > 0 ? Math.round(1 / ratio) : 0;
      return "DOCX looks like a zip bomb (compression ratio above " + above + "); not read";
    }
    return null;
  }

  private static void appendParagraph(StringBuilder sb, XWPFParagraph p, String text) {
    if (text == null || text.isBlank()) {
      sb.append('\n'); // an empty paragraph is a paragraph break
      return;
    }
    String style = p.getStyle() == null ? "" : p.getStyle().toLowerCase(Locale.ROOT);
    boolean listItem = p.getNumID() != null || style.startsWith("list");
    if (listItem) {
      sb.append("- ").append(text.strip()).append('\n');
    } else {
      sb.append(text.strip()).append('\n');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JSONL

  /**
   * Streams a .jsonl file line by line (any size: nothing is read whole, nothing is truncated).
   * Encoding as for text files: UTF-16 with a BOM, else UTF-8 with replacement characters and one
   * warning with the count; a file that looks binary is refused.
   */
  private List<SourceDocument> readJsonl(Path path, DocKind defaultKind) throws IngestException {
    List<SourceDocument> out = new ArrayList<>();
    List<String> fileWarnings = new ArrayList<>();
    long replacements = 0;
    long chars = 0;
    LiteralReplacementCounter literal;
    try (InputStream raw = Files.newInputStream(path);
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 1 << 16)) {
      in.mark(1 << 16);
      byte[] head = in.readNBytes(1 << 16);
      in.reset();
      if (head.length == 0) {
        throw new IngestException(path, "file is empty (0 bytes)");
      }
      boolean utf16 = head.length >= 2
          && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE));
      if (!utf16) {
        String binary = binaryReason(head);
        if (binary != null) {
          throw new IngestException(path, "looks binary (" + binary + "), not a text file");
        }
      }
      literal = new LiteralReplacementCounter(in);
      CharsetDecoder decoder = (utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8).newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
      LineReader lines = new LineReader(new java.io.InputStreamReader(literal, decoder), maxJsonlLineChars);
      Map<String, Integer> idLines = new HashMap<>();
      int lineNo = 0;
      String rawLine;
      while ((rawLine = lines.next()) != null) {
        lineNo++;
        if (lines.overflowed()) {
          throw new IngestException(path, "line " + lineNo + ": longer than " + maxJsonlLineChars
              + " characters; a document is capped at " + maxChars + " characters anyway: shorten its text"
              + " or split it into several lines");
        }
        chars += rawLine.length();
        if (!utf16) {
          replacements += countChar(rawLine, '\uFFFD');
        }
        String line = (lineNo == 1 && rawLine.startsWith("\uFEFF") ? rawLine.substring(1) : rawLine).strip();
        if (line.isEmpty()) {
          continue;
        }
        SourceDocument doc = jsonlRecord(path, lineNo, line, defaultKind, idLines);
        out.add(doc);
      }
    } catch (IngestException e) {
      throw e;
    } catch (IOException e) {
      throw new IngestException(path, "cannot read file: " + describe(e), e);
    }
    long replaced = replacements - literal.count();
    if (replaced > 0) {
      if (replaced >= 16 && replaced * 5L > chars) {
        throw new IngestException(path, "looks binary (" + replaced + " invalid UTF-8 sequences), not a text file");
      }
      fileWarnings.add(path + ": invalid UTF-8 at " + replaced
          + " places, decoded with replacement characters (\uFFFD); is the file in another"
          + " encoding (e.g. Windows-1252)?");
    }
    if (out.isEmpty()) {
      throw new IngestException(path, "file is empty (no JSON lines)");
    }
    if (!fileWarnings.isEmpty()) { // once, on the first document, not on each of them
      SourceDocument first = out.get(0);
      List<String> w = new ArrayList<>(fileWarnings);
      w.addAll(first.warnings());
      out.set(0, new SourceDocument(first.id(), first.kind(), first.title(), first.sourcePath(), first.text(),
          first.metadata(), w, first.flags()));
    }
    return out;
  }

  /** One .jsonl record. */
  private SourceDocument jsonlRecord(Path path, int lineNo, String line, DocKind defaultKind,
      Map<String, Integer> idLines) throws IngestException {
    {
      String where = path + ":" + lineNo;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IngestException(
            path, "line " + lineNo + ": invalid JSON: " + e.getOriginalMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new IngestException(path, "line " + lineNo + ": expected a JSON object");
      }
      String rawId = requiredString(path, lineNo, node, "id");
      String tooLong = DocumentIds.lengthProblem(rawId);
      if (tooLong != null) {
        throw new IngestException(path, "line " + lineNo + ": " + tooLong);
      }
      String id = normalizeId(rawId);
      if (id.isEmpty()) {
        throw new IngestException(
            path, "line " + lineNo + ": id '" + rawId + "' has no usable characters [a-z0-9._-]");
      }
      Integer firstLine = idLines.putIfAbsent(id, lineNo);
      if (firstLine != null) {
        throw new IngestException(
            path, "line " + lineNo + ": duplicate id '" + id + "' (first on line " + firstLine + ")");
      }
      String rawText = requiredString(path, lineNo, node, "text");
      DocKind kind = kindOf(path, lineNo, node, defaultKind);
      List<String> warnings = new ArrayList<>();
      String text = normalizeAndCap(rawText, where, warnings);
      PromptInjection.Screened screened = PromptInjection.screen(text); // kept out of the score
      text = screened.text();
      if (text.isEmpty()) {
        throw new IngestException(path, "line " + lineNo + ": 'text' is empty");
      }
      String title = optionalString(path, lineNo, node, "title");
      title = title == null || title.isBlank() ? titleOf(text) : capTitle(TextNormalizer.normalize(title));

      Metadata extracted = extractor.extract(text, kind);
      String location = optionalString(path, lineNo, node, "location");
      Integer years = optionalInt(path, lineNo, node, "years_experience");
      String degreeRaw = optionalString(path, lineNo, node, "highest_degree");
      Integer gradYear = optionalInt(path, lineNo, node, "graduation_year");
      String degree = null;
      if (degreeRaw != null) {
        degree = MetadataExtractor.normalizeDegree(degreeRaw);
        if (degree == null) {
          warnings.add(
              where + ": highest_degree '" + degreeRaw
                  + "' not recognised (use PhD, MS, BS, Associate or High school); using the text");
        }
      }
      Metadata metadata =
          new Metadata(
              location != null && !location.isBlank() ? location.strip() : extracted.location(),
              years != null ? years : extracted.yearsExperience(),
              degree != null ? degree : extracted.highestDegree(),
              gradYear != null ? gradYear : extracted.graduationYear());
      return new SourceDocument(id, kind, title, path.toString(), text, metadata, warnings, screened.flags());
    }
  }

  /** Lines of a reader, each at most {@code limit} characters (a longer one is consumed and flagged). */
  static final class LineReader {
    private final java.io.Reader in;
    private final int limit;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private boolean eof;
    private boolean overflowed;

    LineReader(java.io.Reader in, int limit) {
      this.in = in;
      this.limit = limit;
    }

    /** The next line without its terminator (\n or \r\n), or null at the end. */
    String next() throws IOException {
      StringBuilder sb = new StringBuilder();
      overflowed = false;
      boolean any = false;
      while (true) {
        if (pos == len) {
          if (eof) {
            break;
          }
          len = in.read(buf, 0, buf.length);
          pos = 0;
          if (len <= 0) {
            len = 0;
            eof = true;
            break;
          }
        }
        any = true;
        int nl = -1;
        for (int i = pos; i < len; i++) {
          if (buf[i] == '\n') {
            nl = i;
            break;
          }
        }
        int end = nl < 0 ? len : nl;
        int room = limit - sb.length();
        if (end - pos > room) {
          overflowed = true;
          sb.append(buf, pos, Math.max(0, room));
        } else if (!overflowed) {
          sb.append(buf, pos, end - pos);
        }
        if (nl >= 0) {
          pos = nl + 1;
          break;
        }
        pos = len;
      }
      if (!any) {
        return null;
      }
      int n = sb.length();
      if (n > 0 && sb.charAt(n - 1) == '\r') {
        sb.setLength(n - 1);
      }
      return sb.toString();
    }

    boolean overflowed() {
      return overflowed;
    }
  }

  /** Counts U+FFFD written in the bytes on purpose (EF BF BD), across read boundaries. */
  private static final class LiteralReplacementCounter extends java.io.FilterInputStream {
    private int state; // bytes of EF BF BD matched so far
    private long count;

    LiteralReplacementCounter(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    private void see(int b) {
      state = switch (state) {
        case 0 -> b == 0xEF ? 1 : 0;
        case 1 -> b == 0xBF ? 2 : b == 0xEF ? 1 : 0;
        default -> {
          if (b == 0xBD) {
            count++;
            yield 0;
          }
          yield b == 0xEF ? 1 : 0;
        }
      };
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        see(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
      int r = super.read(b, off, n);
      for (int i = 0; i < r; i++) {
        see(b[off + i] & 0xFF);
      }
      return r;
    }
  }

  private static String requiredString(Path path, int lineNo, JsonNode node, String field)
      throws IngestException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IngestException(path, "line " + lineNo + ": missing required field '" + field + "'");
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new IngestException(path, "line " + lineNo + ": '" + field + "' must be a string");
    }
    String s = v.asText();
    if (s.isBlank()) {
      throw new IngestException(path, "line " + lineNo + ": '" + field + "' is empty");
    }
    return s;
  }

  private static String optionalString(Path path, int lineNo, JsonNode node, String field)
      throws IngestException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IngestException(path, "line " + lineNo + ": '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static Integer optionalInt(Path path, int lineNo, JsonNode node, String field)
      throws IngestException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 0) {
      return v.asInt();
    }
    if (v.isTextual() && v.asText().strip().matches("\\d{1,4}")) {
      return Integer.parseInt(v.asText().strip());
    }
    throw new IngestException(
        path, "line " + lineNo + ": '" + field + "' must be a non-negative integer, got " + v);
  }

  private static DocKind kindOf(Path path, int lineNo, JsonNode node, DocKind defaultKind)
      throws IngestException {
    String k = optionalString(path, lineNo, node, "kind");
    if (k == null || k.isBlank()) {
      return defaultKind;
    }
    return switch (k.strip().toLowerCase(Locale.ROOT)) {
      case "posting", "role", "job" -> DocKind.POSTING;
      case "resume", "cv", "candidate" -> DocKind.RESUME;
      default ->
          throw new IngestException(
              path, "line " + lineNo + ": kind '" + k + "' must be \"posting\" or \"resume\"");
    };
  }

  // ---------------------------------------------------------------------------------------------
  // ids and titles

  private static String extension(Path path) {
    Path name = path.getFileName();
    String n = name == null ? "" : name.toString();
    int dot = n.lastIndexOf('.');
    return dot <= 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String idFromFileName(Path path) throws IngestException {
    String n = path.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return normalizeIdOrThrow(path, dot > 0 ? n.substring(0, dot) : n);
  }

  private static String normalizeIdOrThrow(Path path, String raw) throws IngestException {
    String tooLong = DocumentIds.lengthProblem(raw);
    if (tooLong != null) {
      throw new IngestException(path, tooLong);
    }
    String id = normalizeId(raw);
    if (id.isEmpty()) {
      throw new IngestException(
          path, "cannot make an id from '" + raw + "' (no characters in [a-z0-9._-]); pass an id");
    }
    return id;
  }

  /** First non-empty line, Markdown heading marks and bullets removed, at most 120 chars. */
  static String titleOf(String text) {
    for (String line : text.split("\n")) {
      String t = line.strip().replaceFirst("^#{1,6}\\s*", "").replace("**", "").strip();
      if (!t.isEmpty()) {
        return capTitle(t);
      }
    }
    return "";
  }

  private static String capTitle(String t) {
    if (t.length() <= TITLE_CHARS) {
      return t;
    }
    int cut = TITLE_CHARS;
    if (Character.isHighSurrogate(t.charAt(cut - 1))) {
      cut--;
    }
    return t.substring(0, cut).strip();
  }
}
