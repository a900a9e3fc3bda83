package dev.rolematch.match;

/**
 * Restrictions on the documents returned.
 *
 * @param must Lucene query syntax over the full text (e.g. {@code "python AND pytorch"}), or null
 * @param location words that must appear in the document's location, or null
 * @param minYears minimum years of experience, or null; documents with unknown years are excluded
 */
public record Filters(String must, String location, Integer minYears) {
  public static final Filters NONE = new Filters(null, null, null);

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return must == null && location == null && minYears == null;
  }
}
