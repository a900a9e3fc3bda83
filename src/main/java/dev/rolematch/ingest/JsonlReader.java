package dev.rolematch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.ingest.integrity.PromptInjection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .jsonl}: one document per non-blank line, an object with {@code id} and {@code text}
 * (required) and optional {@code title}, {@code kind} ("posting"/"resume"), {@code location},
 * {@code years_experience}, {@code highest_degree}, {@code graduation_year} (each overrides what
 * would be extracted from the text). Streamed: a file of any size is read line by line.
 */
final class JsonlReader {

  /** JSON for .jsonl lines: no string length limit of its own (lines are bounded by the reader). */
  private static final ObjectMapper JSON = new ObjectMapper(
      com.fasterxml.jackson.core.JsonFactory.builder()
          .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
              .maxStringLength(Integer.MAX_VALUE).build())
          .build());

  private final TextCap cap;
  private final MetadataExtractor extractor;
  private final int maxLineChars;

  /**
   * @param maxLineChars longest line read (characters): a longer line is an error naming it (it
   *     cannot be parsed in part); lines up to it whose text is over the cap are capped with a warning
   */
  JsonlReader(TextCap cap, MetadataExtractor extractor, int maxLineChars) {
    this.cap = cap;
    this.extractor = extractor;
    this.maxLineChars = maxLineChars;
  }

  /**
   * Streams a .jsonl file line by line (any size: nothing is read whole, nothing is truncated).
   * Encoding as for text files: UTF-16 with a BOM, else UTF-8 with replacement characters and one
   * warning with the count; a file that looks binary is refused.
   */
  List<SourceDocument> read(Path path, DocKind defaultKind) throws IngestException {
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
        String binary = TextDecoder.binaryReason(head);
        if (binary != null) {
          throw new IngestException(path, "looks binary (" + binary + "), not a text file");
        }
      }
      literal = new LiteralReplacementCounter(in);
      CharsetDecoder decoder = (utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8).newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
      LineReader lines = new LineReader(new java.io.InputStreamReader(literal, decoder), maxLineChars);
      Map<String, Integer> idLines = new HashMap<>();
      int lineNo = 0;
      String rawLine;
      while ((rawLine = lines.next()) != null) {
        lineNo++;
        if (lines.overflowed()) {
          throw new IngestException(path, "line " + lineNo + ": longer than " + maxLineChars
              + " characters; a document is capped at " + cap.maxChars() + " characters anyway: shorten its text"
              + " or split it into several lines");
        }
        chars += rawLine.length();
        if (!utf16) {
          replacements += TextDecoder.countChar(rawLine, '\uFFFD');
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
      throw new IngestException(path, "cannot read file: " + DocumentInput.describe(e), e);
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
      String id = DocumentIds.normalize(rawId);
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
      String text = cap.apply(rawText, where, warnings);
      PromptInjection.Screened screened = PromptInjection.screen(text); // kept out of the score
      text = screened.text();
      if (text.isEmpty()) {
        throw new IngestException(path, "line " + lineNo + ": 'text' is empty");
      }
      String title = optionalString(path, lineNo, node, "title");
      title = title == null || title.isBlank() ? Titles.firstLine(text) : Titles.cap(TextNormalizer.normalize(title));

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
    return DocKind.parse(k).orElseThrow(() -> new IngestException(
        path, "line " + lineNo + ": kind '" + k + "' must be \"posting\" or \"resume\""));
  }
}
