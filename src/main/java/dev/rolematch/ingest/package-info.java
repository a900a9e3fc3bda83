/**
 * Reading postings and resumes into plain text, structure and metadata.
 *
 * <p>{@link dev.rolematch.ingest.DocumentReader} turns files into {@link
 * dev.rolematch.ingest.SourceDocument}s (normalised text, title, {@link
 * dev.rolematch.ingest.Metadata}, warnings); {@link dev.rolematch.ingest.PostingParser} splits a
 * posting into typed {@link dev.rolematch.ingest.Requirement}s; {@link
 * dev.rolematch.ingest.Chunker} cuts any document into token-bounded {@link
 * dev.rolematch.ingest.Chunk}s for a given {@link dev.rolematch.ingest.TokenCounter}. This package
 * knows nothing of vectors or indexes.
 */
package dev.rolematch.ingest;
