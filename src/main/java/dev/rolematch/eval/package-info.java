/**
 * Quality measurement as data: test collections ({@link dev.rolematch.eval.Dataset}), regression
 * files ({@link dev.rolematch.eval.RegressionSpec}), the product's pair scores beside BM25 and
 * cosine baselines from the same index ({@link dev.rolematch.eval.ExternalEval}), metrics (nDCG,
 * MRR, AP, Spearman), the cross-validated fit that produces calibrations
 * ({@link dev.rolematch.eval.RankingEval}), and the posting-parser evaluation.
 *
 * <p>Depends on match, index, ingest and embed; never on cli, server or app (the commands that run
 * it live in cli). Nothing here is read by the product at query time.
 */
package dev.rolematch.eval;
