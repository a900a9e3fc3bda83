package dev.rolematch.ingest;

/**
 * Facts stated in a document. Every field is {@code null} when the text does not say it; nothing is
 * guessed.
 *
 * @param location free-text location as written, e.g. {@code Santa Clara, CA}
 * @param yearsExperience stated or summed years of experience (for a posting: the years it asks for)
 * @param highestDegree one of {@code PhD, MS, BS, Associate, High school}; for a posting, see {@link
 *     MetadataExtractor}
 * @param graduationYear year attached to {@code highestDegree} (completed or expected)
 */
public record Metadata(
    String location, Integer yearsExperience, String highestDegree, Integer graduationYear) {

  public static final Metadata UNKNOWN = new Metadata(null, null, null, null);

  public boolean isUnknown() {
    return location == null
        && yearsExperience == null
        && highestDegree == null
        && graduationYear == null;
  }
}
