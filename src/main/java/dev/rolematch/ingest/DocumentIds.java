package dev.rolematch.ingest;

/**
 * The one rule for document ids, used by the CLI ({@code add}, {@code .jsonl} records, ids from
 * file names) and the server alike: at most {@value #MAX_LENGTH} characters as given (Lucene
 * refuses terms over 32,766 bytes with an error that quotes the whole term; 200 is plenty for a
 * name), normalised by {@link DocumentReader#normalizeId}. Messages quote at most the first
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
    String id = DocumentReader.normalizeId(raw);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id '" + shown(raw.strip()) + "' has no letters or digits");
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
