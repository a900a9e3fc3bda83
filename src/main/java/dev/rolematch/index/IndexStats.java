package dev.rolematch.index;

/** How much a store holds: top-level documents by kind, chunks, and its size on disk (0 if unknown). */
public record IndexStats(int postings, int resumes, int chunks, IndexInfo info, long sizeBytes) {}
