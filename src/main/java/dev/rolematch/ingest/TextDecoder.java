package dev.rolematch.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text bytes to a string: UTF-16 when a byte-order mark says so, else UTF-8 with replacement
 * characters and one warning with their count; bytes that look binary are refused in words.
 */
final class TextDecoder {
  private TextDecoder() {}

  /** Decodes text bytes: UTF-16 if it has a BOM, else UTF-8 with replacement (and a warning). */
  static String decode(String path, byte[] bytes, List<String> warnings) throws IngestException {
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
  static String binaryReason(byte[] bytes) {
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

  static int countChar(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  /** U+FFFD written in the file on purpose (EF BF BD) is not a decoding error. */
  static int countLiteralReplacementChars(byte[] b) {
    int n = 0;
    for (int i = 0; i + 2 < b.length; i++) {
      if (b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBF && b[i + 2] == (byte) 0xBD) {
        n++;
      }
    }
    return n;
  }
}
