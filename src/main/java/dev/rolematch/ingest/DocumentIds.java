package dev.rolematch.ingest;

/**
 * The one rule for document ids, used by the CLI ({@code add}, {@code .jsonl} records, ids from
 * file names) and the server alike: at most {@value #MAX_LENGTH} characters as given (Lucene
 * refuses terms over 32,766 bytes with an error that quotes the whole term; 200 is plenty for a
 * name), normalised by {@link #normalize}. Messages quote at most the first
 * {@value #SHOWN} characters of an id.
 */
public final class DocumentIds {

  /** Longest id, in characters, before normalisation. */
  public static final int MAX_LENGTH = 200;

  /** Characters of an id quoted back in a message. */
  static final int SHOWN = 60;

  private DocumentIds() {}

  /** Why {@code raw} cannot be an id because of its length, or null when its length is fine. */
  public static String lengthProblem(String raw) {
    String s = raw == null ? "" : raw.strip();
    if (s.length() <= MAX_LENGTH) {
      return null;
    }
    return "id '" + shown(s) + "' has " + s.length() + " characters; an id may have at most " + MAX_LENGTH;
  }

  /**
   * The normalised id; {@link IllegalArgumentException} when it is too long or has no letters or
   * digits.
   */
  public static String check(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("the id is empty (letters, digits, '.', '_' or '-')");
    }
    String problem = lengthProblem(raw);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    String id = normalize(raw);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id '" + shown(raw.strip()) + "' has no letters or digits");
    }
    return id;
  }

  /**
   * Lower-case id of {@code [a-z0-9._-]}: accents dropped, spaces and other characters become
   * '-', repeats collapsed, '-' and '.' trimmed from the ends. May return "".
   */
  public static String normalize(String raw) {
    String s = java.text.Normalizer.normalize(raw.strip(), java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    s = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("-{2,}", "-");
    return s.replaceAll("^[-.]+|[-.]+$", "");
  }

  /** The id a file gets by default: its name without the extension, normalised. */
  static String fromFileName(String source, String fileName) throws IngestException {
    int dot = fileName.lastIndexOf('.');
    return orRefuse(source, dot > 0 ? fileName.substring(0, dot) : fileName);
  }

  /** The normalised id, or an {@link IngestException} about {@code source} saying why there is none. */
  static String orRefuse(String source, String raw) throws IngestException {
    String tooLong = lengthProblem(raw);
    if (tooLong != null) {
      throw new IngestException(source, tooLong);
    }
    String id = normalize(raw);
    if (id.isEmpty()) {
      throw new IngestException(
          source, "cannot make an id from '" + raw + "' (no characters in [a-z0-9._-]); pass an id");
    }
    return id;
  }

  /** The id as quoted in messages: its first {@value #SHOWN} characters, then "...". */
  public static String shown(String id) {
    if (id == null) {
      return "";
    }
    return id.length() <= SHOWN ? id : id.substring(0, SHOWN) + "...";
  }
}
