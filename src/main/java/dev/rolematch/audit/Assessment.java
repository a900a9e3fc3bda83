package dev.rolematch.audit;

/** One candidate assessed for one posting, and whether the tool selected it (ranked in the top K). */
public record Assessment(String postingId, String candidateId, double score, boolean selected) {}
