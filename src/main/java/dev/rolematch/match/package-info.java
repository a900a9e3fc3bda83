/**
 * Matching: candidate generation (kNN per need, for the whole query and its title, plus BM25),
 * the one pair scorer ({@link dev.rolematch.match.PairScorer}: features, calibrated 0–100 score,
 * per-requirement evidence and must-have status), the calibration file format, topics (taxonomy)
 * and query filters, including the bounded must-have query language.
 *
 * <p>Knows the index's stored vectors and texts and the corpus statistics snapshot; knows nothing of
 * how results are printed or served (cli, server), of batch refresh, or of the application root.
 */
package dev.rolematch.match;
