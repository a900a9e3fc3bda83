package dev.rolematch.refresh;

import dev.rolematch.index.DocumentStore;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.QueryProfile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;

/**
 * Batch refresh: the score of every needed (posting, candidate) pair, computed with {@link
 * PairScorer} from the vectors stored in the index (nothing is embedded) and kept in the {@link
 * ScoresStore}. See the package overview for the guarantees; in short:
 *
 * <ul>
 *   <li><b>Incremental.</b> A posting's rows are fresh while its text hash, the model fingerprint,
 *       the {@link ScorerVersion}, the mode and the resumes it was scored against (its {@link
 *       Snapshot}) are unchanged; then nothing is scored. A changed or new resume is scored against
 *       each posting (one pair per posting); a changed posting against every candidate; a new
 *       model or scorer version makes every posting stale.
 *   <li><b>Top K.</b> With {@code top = K > 0} (default {@value RefreshOptions#DEFAULT_TOP}) every candidate is
 *       scored but only the K best per posting are stored (order: score descending, then candidate
 *       id); rows that fall out of the top K are deleted. An incremental update is exact: when a
 *       changed or removed candidate leaves fewer than K known rows above the old K-th, the posting
 *       is rescored in full. {@code top = 0} stores every pair.
 *   <li><b>Crash-safe.</b> Each posting's rows and then its state are written between two commits
 *       (a read-write lock keeps commits between postings); a killed run loses at most the postings
 *       since the last commit, and the next run redoes exactly those, upserting by pair key.
 *   <li><b>Failure isolation.</b> A document that cannot be loaded or is unusable (a resume without
 *       chunks, a vector of the wrong size, a posting without requirements) and a pair whose scoring
 *       throws are recorded as failed rows (or a failed posting state) with the reason, and retried
 *       on the next run; the batch goes on.
 * </ul>
 *
 * <p>By step: {@link RefreshInputs} (what the store holds), {@link RefreshPlan} (pure; {@link
 * Staleness} is shared with the scores view), {@link TopK} (the merge), this class (the runner).
 */
public final class Refresher {

  /** Row order: ok rows by score descending, then candidate id; failed rows last. */
  public static final Comparator<ScoreRow> ROW_ORDER = Comparator
      .comparing((ScoreRow r) -> !r.ok())
      .thenComparingDouble(r -> r.ok() ? -r.score() : 0)
      .thenComparing(ScoreRow::candidateId);

  /** Scores one pair: {@link PairScorer#score}. */
  @FunctionalInterface
  public interface PairFunction {
    PairScorer.PairScore score(QueryProfile q, CandidateProfile c);
  }

  /** At most this many failures are listed in the summary (all are counted and stored). */
  static final int MAX_LISTED_FAILURES = 100;

  private final DocumentStore index;
  private final String scorerVersion;
  private final PairFunction pairs;

  public Refresher(DocumentStore index, PairScorer scorer) {
    this(index, ScorerVersion.of(scorer), scorer::score);
  }

  /**
   * A refresher with its own pair function under the scorer's version (a pair function that is
   * not {@code scorer::score} must score the same, or be a check of failure handling).
   */
  public Refresher(DocumentStore index, String scorerVersion, PairFunction pairs) {
    this.index = index;
    this.scorerVersion = scorerVersion;
    this.pairs = pairs;
  }

  public String scorerVersion() {
    return scorerVersion;
  }

  public RefreshSummary run(RefreshOptions o, RefreshProgress progress) throws IOException {
    long t0 = System.nanoTime();
    try (RefreshLock lock = RefreshLock.acquire(index.layout());
        ScoresStore store = ScoresStore.openForWrite(index.layout())) {
      index.refresh(); // the last commit of the document index
      RefreshInputs data = RefreshInputs.load(index, o);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      Run run = new Run(o, store, data, progress);
      run.execute();
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<RefreshFailure> failures = new ArrayList<>(data.unreadable());
      failures.addAll(run.failures);
      long failed = run.failed.get() + data.unreadable().size();
      return new RefreshSummary(run.scored.get(), run.fresh.get(), failed, 0, round(seconds),
          Math.round(run.scored.get() / Math.max(seconds, 1e-9)), run.removed.get(), data.selected().size(),
          round(loadSeconds), failures.size() > MAX_LISTED_FAILURES ? failures.subList(0, MAX_LISTED_FAILURES) : failures);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** One run's state, shared by the worker threads. */
  private final class Run {
    final RefreshOptions o;
    final ScoresStore store;
    final RefreshInputs data;
    final RefreshProgress progress;
    final BatchedProgress ticks;
    final String model = index.info().fingerprint();
    final PairRows rows = new PairRows(model, scorerVersion);
    final Snapshot snapshot;
    final Map<String, RefreshInputs.Cand> candById = new HashMap<>();
    final AtomicLong scored = new AtomicLong();
    final AtomicLong fresh = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    final AtomicLong total = new AtomicLong();
    final List<RefreshFailure> failures = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failedResumes = Collections.synchronizedSet(new HashSet<>());
    /** Writers of one posting hold the read side; a commit takes the write side, so it falls between postings. */
    final ReentrantReadWriteLock commitGate = new ReentrantReadWriteLock(true);
    final AtomicInteger sinceCommit = new AtomicInteger();
    volatile long lastCommit = System.nanoTime();
    DirectoryReader before; // the store as the run found it

    Run(RefreshOptions o, ScoresStore store, RefreshInputs data, RefreshProgress progress) {
      this.o = o;
      this.store = store;
      this.data = data;
      this.progress = progress;
      this.ticks = new BatchedProgress(progress);
      Map<String, String> shas = new HashMap<>();
      for (RefreshInputs.Cand c : data.cands()) {
        candById.put(c.id(), c);
        shas.put(c.id(), c.sha());
      }
      this.snapshot = Snapshot.of(shas);
    }

    void execute() throws IOException {
      before = store.reader();
      try {
        Map<String, ScoresStore.PostingState> states = ScoresStore.states(before);
        Map<String, Snapshot> snapshots = ScoresStore.snapshots(before);
        removeGonePostings(states);
        RefreshPlan plan = RefreshPlan.of(data, states, snapshots, snapshot, model, scorerVersion, o.mode());
        fresh.addAndGet(plan.fresh());
        total.addAndGet(plan.pairs());
        List<RefreshPlan.Work> work = plan.work();
        if (!snapshots.containsKey(snapshot.digest())) {
          store.putSnapshot(snapshot);
        }
        progress.total(total.get());
        Workers.runAll(Sweeps.of(work, o, o.threads()), o.threads(), this::processGroup);
        dropUnusedSnapshots();
        store.commit();
        progress.finish();
      } finally {
        before.close();
      }
    }

    /** Rows and state of postings no longer in the index. */
    void removeGonePostings(Map<String, ScoresStore.PostingState> states) throws IOException {
      IndexSearcher s = new IndexSearcher(before);
      for (String id : states.keySet()) {
        if (!data.allPostingIds().contains(id)) {
          removed.addAndGet(s.count(ScoresStore.rowsOf(id)));
          store.deleteRows(id);
          store.deleteState(id);
        }
      }
    }

    /** One posting, or several full top-K postings swept together ({@link Sweeps}). */
    void processGroup(List<RefreshPlan.Work> group) throws IOException {
      if (group.size() == 1) {
        process(group.get(0));
      } else {
        sweep(group);
      }
    }

    /**
     * Full top-K postings scored in one pass over the candidates: each candidate is scored against
     * every posting of the group before the next one is read, so its vectors, terms and profile
     * are fetched from memory once for the group instead of once per posting (candidate-major
     * order; posting-major order missed the caches on every pair). Each posting sees its
     * candidates in the same order as alone, so its top K, rows and state are the same. The rows
     * are written posting by posting afterwards; a crash before then leaves the group's postings
     * to the next run, as it would one posting.
     */
    void sweep(List<RefreshPlan.Work> group) throws IOException {
      String now = Instant.now().toString();
      int n = group.size();
      RefreshInputs.Post[] posts = new RefreshInputs.Post[n];
      TopK[] best = new TopK[n];
      List<List<ScoreRow>> failedRows = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        posts[j] = group.get(j).post();
        best[j] = new TopK(o.top());
        failedRows.add(new ArrayList<>());
      }
      for (String id : group.get(0).toScore()) {
        for (int j = 0; j < n; j++) {
          TopK.Entry e = scoreEntry(posts[j], id, now, failedRows.get(j));
          if (e != null) {
            best[j].rescored(e);
          }
          ticks.tick();
        }
      }
      ticks.flush();
      for (int j = 0; j < n; j++) {
        int k = j;
        writePosting(() -> writeTopK(group.get(k), best[k], failedRows.get(k), Set.of(), now));
      }
    }

    /** A posting's store writes, which a commit waits for (and then the commit it may be due). */
    private interface PostingWrite {
      void run() throws IOException;
    }

    private void writePosting(PostingWrite write) throws IOException {
      commitGate.readLock().lock();
      try {
        write.run();
      } finally {
        commitGate.readLock().unlock();
      }
      sinceCommit.incrementAndGet();
      maybeCommit();
    }

    void process(RefreshPlan.Work w) throws IOException {
      if (o.throttleMillis() > 0) {
        try {
          Thread.sleep(o.throttleMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      RefreshInputs.Post p = w.post();
      String now = Instant.now().toString();
      writePosting(() -> {
        if (p.error() != null) {
          failed.addAndGet(w.toScore().size());
          progress.advance(w.toScore().size());
          failures.add(new RefreshFailure(p.id(), null, p.error()));
          store.deleteRows(p.id());
          store.putState(new ScoresStore.PostingState(p.id(), p.sha(), model, scorerVersion, o.mode(), "",
              ScoreRow.FAILED, p.error(), List.of(), now));
        } else if (o.top() <= 0) {
          allPairs(w, now);
        } else {
          topK(w, now);
        }
      });
    }

    /** Every pair is a row: score and upsert each, delete the rows of removed candidates. */
    void allPairs(RefreshPlan.Work w, String now) throws IOException {
      RefreshInputs.Post p = w.post();
      if (w.full()) {
        store.deleteRows(p.id());
      }
      List<String> failedIds = new ArrayList<>();
      for (String id : w.toScore()) {
        RefreshInputs.Cand c = candById.get(id);
        ScoreRow row = scoreRow(p, c, now);
        if (!row.ok()) {
          failedIds.add(id);
        }
        store.putRow(row);
        ticks.tick();
      }
      ticks.flush();
      for (String id : w.removed()) {
        store.deleteRow(p.id(), id);
        removed.incrementAndGet();
      }
      putState(p, failedIds, now);
    }

    /** The K best candidates are rows; failed pairs are rows too (they are retried next run). */
    void topK(RefreshPlan.Work w, String now) throws IOException {
      RefreshInputs.Post p = w.post();
      TopK best = new TopK(o.top());
      List<ScoreRow> failedRows = new ArrayList<>();
      // candidates with a current score (stored or new): only an incremental run reads it
      Set<String> seen = w.full() ? null : new HashSet<>();
      List<ScoreRow> existing = w.full() ? List.of() : ScoresStore.rows(before, p.id(), Integer.MAX_VALUE);
      Set<String> stale = new HashSet<>();
      if (!existing.isEmpty()) {
        stale.addAll(w.toScore());
        stale.addAll(w.removed());
      }
      Set<String> storedIds = new HashSet<>();
      for (ScoreRow r : existing) { // best first
        storedIds.add(r.candidateId());
        if (r.ok()) {
          boolean current = !stale.contains(r.candidateId()); // unchanged: its stored row competes as it is
          best.stored(r, current);
          if (current) {
            seen.add(r.candidateId());
          }
        }
      }
      List<TopK.Entry> rescored = new ArrayList<>();
      for (String id : w.toScore()) {
        if (seen != null) {
          seen.add(id);
        }
        TopK.Entry e = scoreEntry(p, id, now, failedRows);
        if (e != null) {
          rescored.add(e);
        }
        ticks.tick();
      }
      ticks.flush();
      rescored.forEach(best::rescored);
      if (!w.full() && best.needsTheRest()) {
        List<RefreshInputs.Cand> rest = data.cands().stream().filter(c -> !seen.contains(c.id())).toList();
        if (!rest.isEmpty()) {
          total.addAndGet(rest.size());
          progress.total(total.get());
          Run.this.fresh.addAndGet(-rest.size());
          for (RefreshInputs.Cand c : rest) {
            TopK.Entry e = scoreEntry(p, c.id(), now, failedRows);
            if (e != null) {
              best.offer(e);
            }
            ticks.tick();
          }
          ticks.flush();
        }
      }
      writeTopK(w, best, failedRows, storedIds, now);
    }

    /** A posting's top K and failed pairs as rows, its other stored rows deleted, its state. */
    private void writeTopK(RefreshPlan.Work w, TopK best, List<ScoreRow> failedRows, Set<String> storedIds,
        String now) throws IOException {
      RefreshInputs.Post p = w.post();
      if (w.full()) {
        store.deleteRows(p.id());
      }
      Set<String> keep = new HashSet<>();
      for (TopK.Entry e : best.kept()) {
        keep.add(e.id());
        if (e.result() != null) {
          store.putRow(rows.ok(p, candById.get(e.id()), e.result(), now));
        } // else: an unchanged stored row, left as it is
      }
      List<String> failedIds = new ArrayList<>();
      for (ScoreRow f : failedRows) {
        keep.add(f.candidateId());
        failedIds.add(f.candidateId());
        store.putRow(f);
      }
      for (String id : storedIds) {
        if (!keep.contains(id)) {
          store.deleteRow(p.id(), id);
          if (w.removed().contains(id)) {
            removed.incrementAndGet();
          }
        }
      }
      putState(p, failedIds, now);
    }

    /** Scores one pair (counted); null and a failed row when it fails. */
    private TopK.Entry scoreEntry(RefreshInputs.Post p, String id, String now, List<ScoreRow> failedRows) {
      RefreshInputs.Cand c = candById.get(id);
      if (c.error() != null) {
        recordFailure(p, c, c.error());
        failedRows.add(rows.failed(p, c, c.error(), now));
        return null;
      }
      try {
        PairScorer.PairScore s = pairs.score(p.profile(), c.profile());
        scored.incrementAndGet();
        return new TopK.Entry(id, s.score(), s, null);
      } catch (RuntimeException ex) {
        recordFailure(p, c, ex.toString());
        failedRows.add(rows.failed(p, c, ex.toString(), now));
        return null;
      }
    }

    private ScoreRow scoreRow(RefreshInputs.Post p, RefreshInputs.Cand c, String now) {
      if (c.error() != null) {
        recordFailure(p, c, c.error());
        return rows.failed(p, c, c.error(), now);
      }
      try {
        PairScorer.PairScore s = pairs.score(p.profile(), c.profile());
        scored.incrementAndGet();
        return rows.ok(p, c, s, now);
      } catch (RuntimeException ex) {
        recordFailure(p, c, ex.toString());
        return rows.failed(p, c, ex.toString(), now);
      }
    }

    private void recordFailure(RefreshInputs.Post p, RefreshInputs.Cand c, String reason) {
      failed.incrementAndGet();
      if (c.error() != null) {
        if (failedResumes.add(c.id())) {
          failures.add(new RefreshFailure(null, c.id(), reason));
        }
      } else {
        failures.add(new RefreshFailure(p.id(), c.id(), reason));
      }
    }

    private void putState(RefreshInputs.Post p, List<String> failedIds, String now) throws IOException {
      store.putState(new ScoresStore.PostingState(p.id(), p.sha(), model, scorerVersion, o.mode(),
          snapshot.digest(), ScoreRow.OK, null, failedIds, now));
    }

    void maybeCommit() throws IOException {
      if (sinceCommit.get() < o.commitEveryPostings()
          && System.nanoTime() - lastCommit < o.commitEveryMillis() * 1_000_000L) {
        return;
      }
      commitGate.writeLock().lock();
      try {
        if (sinceCommit.get() == 0) {
          return; // another thread just committed
        }
        store.commit();
        sinceCommit.set(0);
        lastCommit = System.nanoTime();
      } finally {
        commitGate.writeLock().unlock();
      }
    }

    /** Snapshots no posting state refers to any more (written but not yet committed states count). */
    void dropUnusedSnapshots() throws IOException {
      try (DirectoryReader now = store.reader()) {
        Set<String> used = new HashSet<>();
        for (ScoresStore.PostingState st : ScoresStore.states(now).values()) {
          used.add(st.snapshot());
        }
        for (String digest : ScoresStore.snapshots(now).keySet()) {
          if (!used.contains(digest) && !digest.equals(snapshot.digest())) {
            store.deleteSnapshot(digest);
          }
        }
      }
    }
  }
}
