package dev.rolematch.match;

/**
 * Why a requirement scored as it did: the candidate's best-matching chunk.
 *
 * @param status for must-haves {@code met}, {@code unmet} or {@code unknown}; for others empty
 */
public record Evidence(
    String requirement, String kind, String snippet, double similarity, String status) {}
