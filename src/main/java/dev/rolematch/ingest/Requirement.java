package dev.rolematch.ingest;

/**
 * One requirement of a posting.
 *
 * @param text the item, trimmed of bullets and trailing punctuation
 * @param section the heading it came from as written (e.g. {@code What we need to see}), or "" when
 *     the posting has no headings
 */
public record Requirement(String text, RequirementKind kind, String section) {}
