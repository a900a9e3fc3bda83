package dev.rolematch.ingest;

/**
 * A piece of a document small enough to embed.
 *
 * @param ordinal 0-based position in the document
 * @param section heading the text sits under, as written, or "" before the first heading
 */
public record Chunk(int ordinal, String section, String text) {}
