package dev.rolematch.refresh;

/**
 * A failure: a pair (both ids), a posting (candidate null) or a resume (posting null; for a
 * resume every pair with it failed).
 */
public record RefreshFailure(String postingId, String candidateId, String reason) {}
