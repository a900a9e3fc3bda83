package dev.rolematch.match;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rolematch.ingest.integrity.IntegrityFlag;
import java.util.List;

/**
 * One ranked result: a candidate (for posting and topic queries) or a posting (for candidate
 * queries). Field names are the public JSON contract (snake_case on the wire).
 *
 * @param score 0–100, see {@link Calibration}: the calibrated probability, in percent, that a
 *     recruiter would grade this pair a good fit (grade ≥ 2 of 3)
 * @param flags integrity flags of the document ({@link IntegrityFlag}: hidden text, keyword
 *     stuffing, prompt injection, near duplicate), left out of the JSON when there are none
 */
public record MatchResult(
    int rank,
    String id,
    String title,
    double score,
    MustHaves mustHaves,
    List<Evidence> evidence,
    Metadata metadata,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IntegrityFlag> flags) {

  public MatchResult {
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** A result without flags. */
  public MatchResult(int rank, String id, String title, double score, MustHaves mustHaves, List<Evidence> evidence,
      Metadata metadata) {
    this(rank, id, title, score, mustHaves, evidence, metadata, List.of());
  }

  /**
   * What the index knows about the document; null fields are unknown, never guessed. {@code level}
   * ({@code student, entry, mid, senior, executive}) and {@code family} ({@code engineering,
   * research, data, management, sales_marketing, design_arts, operations_business}) are read from
   * the text (see {@link dev.rolematch.ingest.RoleProfile}).
   */
  public record Metadata(String location, Integer yearsExperience, String highestDegree, Integer graduationYear,
      String level, String family) {}
}
