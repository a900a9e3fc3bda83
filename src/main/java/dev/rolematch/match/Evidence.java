package dev.rolematch.match;

import java.util.List;

/**
 * Why a requirement scored as it did: the candidate's best-matching chunk.
 *
 * @param status for must-haves {@code met}, {@code unmet} or {@code unknown}; for others empty
 */
public record Evidence(
    String requirement, String kind, String snippet, double similarity, String status) {

  /**
   * The words of the snippet that the requirement shares, as {@code [start, end)} offsets into
   * {@code snippet} ({@link PairScorer#matchOffsets}). Computed on demand: it is JSON field
   * {@code match_offsets} of the CLI's and the API's output (the shared mapper adds it), not of
   * the evidence stored by refresh.
   */
  public List<int[]> matchOffsets() {
    return PairScorer.matchOffsets(requirement, snippet);
  }
}
