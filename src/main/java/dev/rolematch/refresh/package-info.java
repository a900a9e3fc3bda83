/**
 * Batch refresh: stored match scores for (posting, candidate) pairs, kept up to date incrementally.
 *
 * <h2>Commands</h2>
 *
 * <pre>
 * ./rolematch refresh [--index DIR] [--postings all|ID...] [--top K | --all-pairs] [--threads N] [--json]
 * ./rolematch scores --posting ID [--stale] [--top K] [--json]
 * ./rolematch export scores --format csv|jsonl --out FILE
 * ./rolematch bench refresh [--resumes 10000,20000] [--postings 20]
 * </pre>
 *
 * <p>{@code refresh} exit codes: <b>0</b> done; <b>1</b> some pairs failed (each listed with its
 * reason, stored as a failed row, retried by the next run); <b>2</b> bad input or a failed
 * precondition (no index, unknown posting id, {@code --top} with {@code --all-pairs});
 * <b>3</b> another refresh is running on the same index. {@code --json} prints {@code {"scored",
 * "fresh", "failed", "embedded", "seconds", ...}} (then pairs_per_second, removed, postings,
 * load_seconds, failures).
 *
 * <h2>What is computed</h2>
 *
 * Every score comes from {@link dev.rolematch.match.PairScorer#score} on {@link
 * dev.rolematch.match.Matcher#postingProfile(dev.rolematch.index.StoredDocument)} and {@link
 * dev.rolematch.match.CandidateProfile#of}, with the calibration {@code match} loads for the index's
 * model: a stored score is exactly the score {@code match} prints for that pair. All vectors come
 * from the index (documents are embedded by {@code add}); refresh opens no model and embeds
 * nothing, and the summary's {@code embedded} count says so.
 *
 * <p>{@code --top K} (default K = {@value dev.rolematch.refresh.RefreshOptions#DEFAULT_TOP}): every
 * candidate is scored (from stored vectors, cheap) and the K best per posting are stored, ranked
 * by score, ties by candidate id; rows that drop out of a posting's top K are deleted. {@code
 * --all-pairs} stores every pair. Switching mode rescores the postings.
 *
 * <h2>The store</h2>
 *
 * A second Lucene index at {@code <index>/scores/} ({@link dev.rolematch.index.IndexLayout#scores()}),
 * see {@link dev.rolematch.refresh.ScoresStore}: one document per pair row (key {@code posting \0
 * candidate}, upserted with {@code updateDocument}), one state document per posting, and resume
 * snapshots. A row holds posting id, candidate id, score, must-have counts, the evidence list
 * (JSON, one entry per requirement), the posting's and the resume's text SHA-256, the model
 * fingerprint, the scorer version ({@code PairScorer.VERSION + "+" +} 12 hex of the calibration's
 * hash, see {@link dev.rolematch.refresh.ScorerVersion}) and when it was computed. Lucene because
 * it is already the storage engine: atomic crash-safe commits, upserts, readers that see the last
 * commit while a refresh writes, and no new dependency or file format.
 *
 * <h2>Incremental, resumable, one at a time</h2>
 *
 * <ul>
 *   <li>A posting is fresh when its text hash, the model fingerprint, the scorer version, the mode
 *       and the set of resumes (ids and text hashes, the {@link dev.rolematch.refresh.Snapshot}) are
 *       those of its last refresh; then nothing is scored. Otherwise only the pairs of changed or
 *       new resumes are scored (one per posting), or all pairs of a changed posting; removed
 *       resumes and postings lose their rows. A new model (reindex), scorer version or
 *       calibration makes every posting stale by the same rule.
 *   <li>Crash safety: a posting's rows, then its state, are written between two commits (commits
 *       wait for postings in flight), every few postings or seconds. {@code kill -9} loses at most
 *       the uncommitted postings, which are stale on the next run and redone; rows are upserted by
 *       pair key, so nothing is duplicated and no half-written posting is ever visible.
 *   <li>One refresh per index: {@link dev.rolematch.refresh.RefreshLock}, an OS file lock on {@code
 *       <index>/refresh.lock}, released by the OS when the process dies.
 * </ul>
 *
 * <p>{@code scores} marks a row stale when its posting or resume is gone or changed, or the model
 * or scorer version differs; it also notes when resumes were added since the posting's refresh.
 *
 * <p>{@code --throttle-ms N} (API: {@code "throttle_ms"}) pauses N ms before each posting, so a
 * batch on a serving machine leaves room for queries (the kill test uses it to stop a run midway).
 */
package dev.rolematch.refresh;
