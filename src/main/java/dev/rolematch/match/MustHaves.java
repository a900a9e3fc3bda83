package dev.rolematch.match;

/** How many of a posting's must-haves the candidate meets, misses, or leaves open. */
public record MustHaves(int met, int unmet, int unknown) {}
