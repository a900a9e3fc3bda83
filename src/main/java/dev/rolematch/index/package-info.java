/**
 * The on-disk Lucene index of postings and resumes: schema, atomic block upserts, stored vectors
 * and their checks, generations and reindexing, the one-writer lock, and the indexing pipeline
 * (files read by {@code ingest}, embedded through {@link dev.rolematch.embed.Embedder}, upserted).
 * It stores and retrieves; it does not score or rank (that is {@code match}) and knows nothing of
 * the server or the command line. Its uses of {@code embed} are listed in ArchitectureTest.
 */
package dev.rolematch.index;
