package dev.rolematch.refresh;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.embed.Embedder;
import dev.rolematch.index.Fields;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.QueryProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

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
 *   <li><b>Top K.</b> With {@code top = K > 0} (default {@value #DEFAULT_TOP}) every candidate is
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
 * <p>Test hook: the system property {@value #SLOWDOWN_PROPERTY} (milliseconds) makes each posting
 * sleep that long before scoring, so a test can kill a run in the middle.
 */
public final class Refresher {

  public static final int DEFAULT_TOP = 50;

  /** Test hook: sleep this many milliseconds per posting (0 or unset: no sleep). */
  public static final String SLOWDOWN_PROPERTY = "rolematch.refresh.slowdownMs";

  /** Row order: ok rows by score descending, then candidate id; failed rows last. */
  public static final Comparator<ScoreRow> ROW_ORDER = Comparator
      .comparing((ScoreRow r) -> !r.ok())
      .thenComparingDouble(r -> r.ok() ? -r.score() : 0)
      .thenComparing(ScoreRow::candidateId);

  /**
   * What to refresh.
   *
   * @param postings posting ids, or null for all
   * @param top K best candidates stored per posting, or 0 for every pair
   * @param threads postings scored in parallel
   * @param commitEveryPostings commit after this many postings ...
   * @param commitEveryMillis ... or this much time, whichever comes first
   */
  public record Options(List<String> postings, int top, int threads, int commitEveryPostings, long commitEveryMillis) {
    public static Options defaults() {
      return new Options(null, DEFAULT_TOP, Runtime.getRuntime().availableProcessors(), 10, 2000);
    }

    public Options withPostings(List<String> ids) {
      return new Options(ids, top, threads, commitEveryPostings, commitEveryMillis);
    }

    public Options withTop(int k) {
      return new Options(postings, k, threads, commitEveryPostings, commitEveryMillis);
    }

    public Options allPairs() {
      return withTop(0);
    }

    public Options withThreads(int n) {
      return new Options(postings, top, n, commitEveryPostings, commitEveryMillis);
    }

    public Options withCommitEvery(int postingCount, long millis) {
      return new Options(postings, top, threads, postingCount, millis);
    }

    /** As stored in a posting's state: {@code all} or {@code top:K}. */
    public String mode() {
      return top <= 0 ? "all" : "top:" + top;
    }
  }

  /** Progress in pairs; implementations render it (terminal bar, log lines) and must be thread-safe. */
  public interface Progress {
    /** Pairs to score; called once before scoring and again if a top-K posting needs a full rescore. */
    void total(long pairs);

    void advance(long pairs);

    default void finish() {}

    Progress NONE = new Progress() {
      @Override
      public void total(long pairs) {}

      @Override
      public void advance(long pairs) {}
    };
  }

  /** Scores one pair; {@link PairScorer#score} unless a test injects a failure. */
  @FunctionalInterface
  interface PairFunction {
    PairScorer.PairScore score(QueryProfile q, CandidateProfile c);
  }

  /**
   * A failure: a pair (both ids), a posting (candidate null) or a resume (posting null; for a
   * resume every pair with it failed).
   */
  public record Failure(String postingId, String candidateId, String reason) {}

  /** The run's result. The first five fields are the {@code --json} contract, in this order. */
  @JsonPropertyOrder({"scored", "fresh", "failed", "embedded", "seconds", "pairs_per_second", "removed",
      "postings", "load_seconds", "failures"})
  public record Summary(long scored, long fresh, long failed, long embedded, double seconds,
      double pairsPerSecond, long removed, int postings, double loadSeconds, List<Failure> failures) {}

  /** At most this many failures are listed in the summary (all are counted and stored). */
  static final int MAX_LISTED_FAILURES = 100;

  private static final ObjectMapper EVIDENCE_JSON = new ObjectMapper();

  private final DocumentStore index;
  private final PairScorer scorer;
  private final String scorerVersion;
  private final Embedder embedder;
  private PairFunction pairFunction;

  /**
   * @param embedder only to count embed calls (refresh never embeds: all vectors are stored); may
   *     be null, then the count is 0
   */
  public Refresher(DocumentStore index, PairScorer scorer, Embedder embedder) {
    this.index = index;
    this.scorer = scorer;
    this.scorerVersion = ScorerVersion.of(scorer);
    this.embedder = embedder;
    this.pairFunction = scorer::score;
  }

  /** Test seam: replaces the pair scoring (e.g. to make one pair throw). */
  Refresher withPairFunction(PairFunction f) {
    this.pairFunction = f;
    return this;
  }

  public String scorerVersion() {
    return scorerVersion;
  }

  // ---- loading ----

  /** A resume: its profile, or why it cannot be scored. */
  record Cand(String id, String sha, CandidateProfile profile, String error) {}

  /** A posting: its query profile, or why it cannot be scored. */
  record Post(String id, String sha, QueryProfile profile, String error) {}

  private record Loaded(List<Post> selected, Set<String> allPostingIds, List<Cand> cands, List<Failure> unreadable) {}

  private Loaded load(Options o) throws IOException {
    int dim = index.info().dimension();
    List<Failure> unreadable = new ArrayList<>();
    List<Cand> cands = new ArrayList<>();
    Set<String> postingIds = new LinkedHashSet<>();
    Map<String, Post> posts = new LinkedHashMap<>();
    Set<String> wanted = o.postings() == null ? null : new LinkedHashSet<>(o.postings());
    index.forEach(DocKind.RESUME, new DocumentStore.DocumentVisitor() {
      @Override
      public void visit(String id, String sha, DocumentStore.Loader load) {
        String error;
        CandidateProfile profile = null;
        try {
          StoredDocument d = load.load();
          error = problem(d, dim);
          if (error == null) {
            profile = CandidateProfile.of(d);
          }
        } catch (IOException | RuntimeException e) {
          error = "could not load resume: " + e;
        }
        cands.add(new Cand(id, sha, profile, error));
      }

      @Override
      public void unreadable(String where, Exception e) {
        unreadable.add(new Failure(null, where, "unreadable document in the index: " + e));
      }
    });
    index.forEach(DocKind.POSTING, new DocumentStore.DocumentVisitor() {
      @Override
      public void visit(String id, String sha, DocumentStore.Loader load) {
        postingIds.add(id);
        if (wanted != null && !wanted.contains(id)) {
          return;
        }
        String error;
        QueryProfile profile = null;
        try {
          StoredDocument d = load.load();
          error = problem(d, dim);
          if (error == null) {
            profile = Matcher.postingProfile(d);
            if (profile.needs().isEmpty()) {
              error = nothingToMatch(d.id());
              profile = null;
            }
          }
        } catch (IOException | RuntimeException e) {
          error = "could not load posting: " + e;
        }
        posts.put(id, new Post(id, sha, profile, error));
      }

      @Override
      public void unreadable(String where, Exception e) {
        unreadable.add(new Failure(null, where, "unreadable document in the index: " + e));
      }
    });
    if (wanted != null) {
      List<String> missing = wanted.stream().filter(id -> !posts.containsKey(id)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("no posting with id " + String.join(", ", missing.subList(0, Math.min(10,
            missing.size()))) + (missing.size() > 10 ? " (and " + (missing.size() - 10) + " more)" : "")
            + " in the index; indexed postings: " + (postingIds.isEmpty() ? "(none)" : String.join(", ", postingIds)));
      }
    }
    cands.sort(Comparator.comparing(Cand::id));
    List<Post> selected = new ArrayList<>(posts.values());
    selected.sort(Comparator.comparing(Post::id));
    return new Loaded(selected, postingIds, cands, unreadable);
  }

  /** A posting indexed before postings without requirements were refused: re-adding it as is cannot help. */
  static String nothingToMatch(String postingId) {
    return "posting has no requirements (nothing to match); remove it (./rolematch remove " + postingId
        + ") or re-add it with its requirements (./rolematch add posting FILE --id " + postingId + ")";
  }

  /** Why a stored document cannot be scored, or null. */
  static String problem(StoredDocument d, int dim) {
    if (d.chunks().isEmpty()) {
      if (d.kind() == DocKind.POSTING) {
        return nothingToMatch(d.id());
      }
      return "resume has no chunks (nothing to compare); re-add it with ./rolematch add";
    }
    for (IndexedChunk c : d.chunks()) {
      if (c.vector() == null || (dim > 0 && c.vector().length != dim)) {
        return "chunk " + c.ordinal() + " has a " + (c.vector() == null ? "missing" : c.vector().length + "-d")
            + " vector, the index is " + dim + "-d";
      }
    }
    if (d.docVector() != null && dim > 0 && d.docVector().length != dim) {
      return "whole-text vector is " + d.docVector().length + "-d, the index is " + dim + "-d";
    }
    return null;
  }

  // ---- planning ----

  /**
   * One posting's work.
   *
   * @param toScore candidate ids to score, in id order
   * @param removed candidate ids gone since the posting's snapshot
   * @param full whether every candidate is scored (all rows of the posting are replaced)
   */
  private record Work(Post post, Set<String> toScore, Set<String> removed, boolean full) {}

  // ---- running ----

  public Summary run(Options o, Progress progress) throws IOException {
    if (o.threads() < 1) {
      throw new IllegalArgumentException("--threads must be at least 1");
    }
    if (o.top() < 0) {
      throw new IllegalArgumentException("--top must be at least 1");
    }
    long t0 = System.nanoTime();
    long embeddedBefore = embedder == null ? 0 : embedder.embeddedCount();
    try (RefreshLock lock = RefreshLock.acquire(index.layout());
        ScoresStore store = ScoresStore.openForWrite(index.layout())) {
      index.refresh(); // the last commit of the document index
      Loaded data = load(o);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      Run run = new Run(o, store, data, progress);
      run.execute();
      long embedded = embedder == null ? 0 : embedder.embeddedCount() - embeddedBefore;
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<Failure> failures = new ArrayList<>(data.unreadable());
      failures.addAll(run.failures);
      long failed = run.failed.get() + data.unreadable().size();
      return new Summary(run.scored.get(), run.fresh.get(), failed, embedded, round(seconds),
          Math.round(run.scored.get() / Math.max(seconds, 1e-9)), run.removed.get(), data.selected().size(),
          round(loadSeconds), failures.size() > MAX_LISTED_FAILURES ? failures.subList(0, MAX_LISTED_FAILURES) : failures);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** One run's state, shared by the worker threads. */
  private final class Run {
    final Options o;
    final ScoresStore store;
    final Loaded data;
    final Progress progress;
    final String model = index.info().fingerprint();
    final Snapshot snapshot;
    final Map<String, Cand> candById = new HashMap<>();
    final AtomicLong scored = new AtomicLong();
    final AtomicLong fresh = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    final AtomicLong total = new AtomicLong();
    final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failedResumes = Collections.synchronizedSet(new HashSet<>());
    /** Writers of one posting hold the read side; a commit takes the write side, so it falls between postings. */
    final ReentrantReadWriteLock commitGate = new ReentrantReadWriteLock(true);
    final AtomicInteger sinceCommit = new AtomicInteger();
    volatile long lastCommit = System.nanoTime();
    DirectoryReader before; // the store as the run found it

    Run(Options o, ScoresStore store, Loaded data, Progress progress) {
      this.o = o;
      this.store = store;
      this.data = data;
      this.progress = progress;
      Map<String, String> shas = new HashMap<>();
      for (Cand c : data.cands()) {
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
        List<Work> work = plan(states, snapshots);
        if (!snapshots.containsKey(snapshot.digest())) {
          store.putSnapshot(snapshot);
        }
        progress.total(total.get());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(o.threads(), Math.max(1, work.size())),
            r -> {
              Thread t = new Thread(r, "refresh-worker");
              t.setDaemon(true);
              return t;
            });
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (Work w : work) {
            futures.add(pool.submit(() -> {
              process(w);
              return null;
            }));
          }
          for (Future<?> f : futures) {
            f.get();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("refresh interrupted", e);
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } finally {
          pool.shutdownNow();
        }
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

    List<Work> plan(Map<String, ScoresStore.PostingState> states, Map<String, Snapshot> snapshots) {
      List<Work> out = new ArrayList<>();
      Set<String> all = new LinkedHashSet<>();
      for (Cand c : data.cands()) {
        all.add(c.id());
      }
      for (Post p : data.selected()) {
        ScoresStore.PostingState st = states.get(p.id());
        boolean sameSide = st != null && ScoreRow.OK.equals(st.status()) && p.sha().equals(st.postingSha())
            && model.equals(st.model()) && scorerVersion.equals(st.scorer()) && o.mode().equals(st.mode());
        Snapshot old = sameSide ? snapshots.get(st.snapshot()) : null;
        if (p.error() == null && old != null) {
          if (old.digest().equals(snapshot.digest()) && st.failedIds().isEmpty()) {
            fresh.addAndGet(all.size());
            continue;
          }
          Set<String> toScore = new LinkedHashSet<>();
          for (Cand c : data.cands()) {
            if (!c.sha().equals(old.shaById().get(c.id())) || st.failedIds().contains(c.id())) {
              toScore.add(c.id());
            }
          }
          Set<String> gone = new LinkedHashSet<>(old.shaById().keySet());
          gone.removeAll(all);
          fresh.addAndGet(all.size() - toScore.size());
          total.addAndGet(toScore.size());
          out.add(new Work(p, toScore, gone, false));
        } else {
          total.addAndGet(all.size());
          out.add(new Work(p, all, Set.of(), true));
        }
      }
      return out;
    }

    /** A scored candidate: a new result, or an unchanged stored row. */
    private record Entry(String id, double score, PairScorer.PairScore result, ScoreRow stored) {}

    private static final Comparator<Entry> ENTRY_ORDER =
        Comparator.comparingDouble((Entry e) -> -e.score()).thenComparing(Entry::id);

    void process(Work w) throws IOException {
      long slow = Long.getLong(SLOWDOWN_PROPERTY, 0L);
      if (slow > 0) {
        try {
          Thread.sleep(slow);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Post p = w.post();
      String now = Instant.now().toString();
      commitGate.readLock().lock();
      try {
        if (p.error() != null) {
          failed.addAndGet(w.toScore().size());
          progress.advance(w.toScore().size());
          failures.add(new Failure(p.id(), null, p.error()));
          store.deleteRows(p.id());
          store.putState(new ScoresStore.PostingState(p.id(), p.sha(), model, scorerVersion, o.mode(), "",
              ScoreRow.FAILED, p.error(), List.of(), now));
        } else if (o.top() <= 0) {
          allPairs(w, now);
        } else {
          topK(w, now);
        }
      } finally {
        commitGate.readLock().unlock();
      }
      sinceCommit.incrementAndGet();
      maybeCommit();
    }

    /** Every pair is a row: score and upsert each, delete the rows of removed candidates. */
    void allPairs(Work w, String now) throws IOException {
      Post p = w.post();
      if (w.full()) {
        store.deleteRows(p.id());
      }
      List<String> failedIds = new ArrayList<>();
      for (String id : w.toScore()) {
        Cand c = candById.get(id);
        ScoreRow row = scoreRow(p, c, now);
        if (!row.ok()) {
          failedIds.add(id);
        }
        store.putRow(row);
        tick();
      }
      flushTicks();
      for (String id : w.removed()) {
        store.deleteRow(p.id(), id);
        removed.incrementAndGet();
      }
      putState(p, failedIds, now);
    }

    /** The K best candidates are rows; failed pairs are rows too (they are retried next run). */
    void topK(Work w, String now) throws IOException {
      Post p = w.post();
      int k = o.top();
      PriorityQueue<Entry> best = new PriorityQueue<>(k + 1, ENTRY_ORDER.reversed()); // head: worst kept
      List<ScoreRow> failedRows = new ArrayList<>();
      Set<String> seen = new HashSet<>(); // candidates with a current score (stored or new)
      List<ScoreRow> existing = w.full() ? List.of() : ScoresStore.rows(before, p.id(), Integer.MAX_VALUE);
      Set<String> stale = new HashSet<>(w.toScore());
      stale.addAll(w.removed());
      Set<String> storedIds = new HashSet<>();
      Entry boundary = null; // the old K-th row: a candidate without a row ranked below it
      int aboveBoundary = 0; // current scores ranking at or above the boundary
      for (ScoreRow r : existing) { // best first
        storedIds.add(r.candidateId());
        if (r.ok()) {
          boundary = new Entry(r.candidateId(), r.score(), null, r);
          if (!stale.contains(r.candidateId())) { // unchanged: its stored row competes as it is
            offer(best, new Entry(r.candidateId(), r.score(), null, r), k);
            seen.add(r.candidateId());
            aboveBoundary++;
          }
        }
      }
      List<Entry> fresh = new ArrayList<>();
      for (String id : w.toScore()) {
        seen.add(id);
        Entry e = scoreEntry(p, id, now, failedRows);
        if (e != null) {
          fresh.add(e);
        }
        tick();
      }
      flushTicks();
      for (Entry e : fresh) {
        if (boundary != null && ENTRY_ORDER.compare(e, boundary) <= 0) {
          aboveBoundary++;
        }
        offer(best, e, k);
      }
      if (!w.full() && aboveBoundary < k) {
        // Candidates without a row ranked below the old K-th; with fewer than K known scores above
        // it, one of them may belong in the top K now: score the rest of the posting too.
        List<Cand> rest = data.cands().stream().filter(c -> !seen.contains(c.id())).toList();
        if (!rest.isEmpty()) {
          total.addAndGet(rest.size());
          progress.total(total.get());
          Run.this.fresh.addAndGet(-rest.size());
          for (Cand c : rest) {
            Entry e = scoreEntry(p, c.id(), now, failedRows);
            if (e != null) {
              offer(best, e, k);
            }
            tick();
          }
          flushTicks();
        }
      }
      if (w.full()) {
        store.deleteRows(p.id());
      }
      Set<String> keep = new HashSet<>();
      for (Entry e : best) {
        keep.add(e.id());
        if (e.result() != null) {
          store.putRow(okRow(p, candById.get(e.id()), e.result(), now));
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

    private final ThreadLocal<int[]> ticks = ThreadLocal.withInitial(() -> new int[1]);

    private void tick() {
      int[] t = ticks.get();
      if (++t[0] == 256) {
        progress.advance(t[0]);
        t[0] = 0;
      }
    }

    private void flushTicks() {
      int[] t = ticks.get();
      if (t[0] > 0) {
        progress.advance(t[0]);
        t[0] = 0;
      }
    }

    private void offer(PriorityQueue<Entry> best, Entry e, int k) {
      best.add(e);
      if (best.size() > k) {
        best.poll();
      }
    }

    /** Scores one pair (counted); null and a failed row when it fails. */
    private Entry scoreEntry(Post p, String id, String now, List<ScoreRow> failedRows) {
      Cand c = candById.get(id);
      if (c.error() != null) {
        recordFailure(p, c, c.error());
        failedRows.add(failedRow(p, c, c.error(), now));
        return null;
      }
      try {
        PairScorer.PairScore s = pairFunction.score(p.profile(), c.profile());
        scored.incrementAndGet();
        return new Entry(id, s.score(), s, null);
      } catch (RuntimeException ex) {
        recordFailure(p, c, ex.toString());
        failedRows.add(failedRow(p, c, ex.toString(), now));
        return null;
      }
    }

    private ScoreRow scoreRow(Post p, Cand c, String now) {
      if (c.error() != null) {
        recordFailure(p, c, c.error());
        return failedRow(p, c, c.error(), now);
      }
      try {
        PairScorer.PairScore s = pairFunction.score(p.profile(), c.profile());
        scored.incrementAndGet();
        return okRow(p, c, s, now);
      } catch (RuntimeException ex) {
        recordFailure(p, c, ex.toString());
        return failedRow(p, c, ex.toString(), now);
      }
    }

    private void recordFailure(Post p, Cand c, String reason) {
      failed.incrementAndGet();
      if (c.error() != null) {
        if (failedResumes.add(c.id())) {
          failures.add(new Failure(null, c.id(), reason));
        }
      } else {
        failures.add(new Failure(p.id(), c.id(), reason));
      }
    }

    private ScoreRow okRow(Post p, Cand c, PairScorer.PairScore s, String now) {
      String evidence;
      try {
        evidence = EVIDENCE_JSON.writeValueAsString(s.evidence());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return new ScoreRow(p.id(), c.id(), s.score(), ScoreRow.OK, null, s.mustHaves().met(), s.mustHaves().unmet(),
          s.mustHaves().unknown(), evidence, p.sha(), c.sha(), model, scorerVersion, now);
    }

    private ScoreRow failedRow(Post p, Cand c, String reason, String now) {
      return new ScoreRow(p.id(), c.id(), null, ScoreRow.FAILED, reason, 0, 0, 0, null, p.sha(), c.sha(), model,
          scorerVersion, now);
    }

    private void putState(Post p, List<String> failedIds, String now) throws IOException {
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
