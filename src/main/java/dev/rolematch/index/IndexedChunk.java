package dev.rolematch.index;

/**
 * One embedded piece of a document.
 *
 * @param requirementKind MUST/NICE/DUTY/TOPIC for posting requirements, empty for resume chunks
 */
public record IndexedChunk(int ordinal, String section, String requirementKind, String text, float[] vector) {}
