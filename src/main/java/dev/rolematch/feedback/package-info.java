/**
 * Recruiter feedback on results: per query (a posting or a topic) and candidate, shortlisted,
 * rejected (with a reason) or a good fit. Stored durably beside the index's generations in an
 * append-only log ({@link FeedbackStore}), so it outlives {@code refresh} and {@code reindex}, and
 * read back by the page, the CSV export and the calibration refit.
 */
package dev.rolematch.feedback;
