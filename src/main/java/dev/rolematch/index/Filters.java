package dev.rolematch.index;

/**
 * Restrictions on the documents returned.
 *
 * @param must Lucene query syntax over the full text (e.g. {@code "python AND pytorch"}), or null
 * @param location words that must appear in the document's location, or null
 * @param minYears minimum years of experience, or null; documents with unknown years are excluded
 */
public record Filters(String must, String location, Integer minYears) {
  public static final Filters NONE = new Filters(null, null, null);

  /**
   * These filters, after checking that every backend can run them: the must-have query parses
   * within its limits ({@link MustQuery}) and the location has searchable words; otherwise an
   * {@link IllegalArgumentException} that says what is wrong.
   */
  public Filters checked() {
    LuceneQueries.parents(dev.rolematch.ingest.DocKind.RESUME, this);
    return this;
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return must == null && location == null && minYears == null;
  }
}
