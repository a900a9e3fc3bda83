/**
 * Integrity checks: things in a document that game an automated screener, each reported as an
 * {@link dev.rolematch.ingest.integrity.IntegrityFlag} {@code {kind, message, evidence}}.
 *
 * <ul>
 *   <li>{@code hidden_text} ({@link dev.rolematch.ingest.integrity.PdfVisibleText},
 *       {@link dev.rolematch.ingest.integrity.DocxVisibleText}): decided while the PDF or DOCX is
 *       read; the hidden text is kept out of the stored text (so out of chunks, vectors, BM25 and
 *       the score) and kept in the flag, which the index stores with the document.
 *   <li>{@code prompt_injection} ({@link dev.rolematch.ingest.integrity.PromptInjection}): decided
 *       on the normalised text of every format at read time; the sentences are taken out of the
 *       stored text and kept in the stored flag.
 *   <li>{@code keyword_stuffing} ({@link dev.rolematch.ingest.integrity.KeywordStuffing},
 *       {@link dev.rolematch.ingest.integrity.ListText}): decided at query time from the stored
 *       chunks and term frequencies; the scorer counts a bare list at most a margin above the
 *       resume's other passages.
 *   <li>{@code near_duplicate} ({@link dev.rolematch.ingest.integrity.NearDuplicates}): decided at
 *       query time over the candidate pool.
 * </ul>
 *
 * Nothing is deleted from a source file; a flag is information for the recruiter.
 */
package dev.rolematch.ingest.integrity;
