package dev.rolematch.server;

import dev.rolematch.refresh.RefreshOptions;
import dev.rolematch.refresh.RefreshProgress;
import dev.rolematch.refresh.RefreshSummary;
import dev.rolematch.app.Session;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentIds;
import dev.rolematch.refresh.RefreshBusyException;
import dev.rolematch.refresh.RefreshLock;
import dev.rolematch.refresh.Refresher;
import dev.rolematch.refresh.ScorerVersion;
import dev.rolematch.refresh.ScoresStore;
import dev.rolematch.refresh.ScoresView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch refresh for the server: {@link Refresher#run} (the code path of {@code ./rolematch
 * refresh}) on the server's open index, in one background thread, one run at a time; and the
 * stored scores of a posting as {@code ./rolematch scores --json} prints them.
 *
 * <p>Consistency with document writes: a run holds {@link DocumentWrites#lock()} from start to
 * end, so no document is added, replaced or removed while it loads and scores (every write commits
 * before it releases the lock, so the run starts from a committed index). Uploads and deletes sent
 * during a run wait for it to finish; queries never wait. On a large index that wait is the
 * refresh's duration: run big refreshes when nobody uploads, or with {@code ./rolematch refresh}
 * while the server is stopped.
 *
 * <p>One run at a time: a second start while one runs in this process is refused (409), and so is
 * a start while another process holds the index's {@link RefreshLock} ({@link
 * RefreshBusyException}, also 409). The lock is checked before the run is accepted; should another
 * process take it in the moment between the check and the run, the run ends at once with that
 * message as its {@code error}.
 *
 * <p>Like the CLI, refresh opens no model and embeds nothing: every vector comes from the index, so
 * the summary's {@code embedded} is 0.
 */
final class ServerRefresh implements AutoCloseable {

  /** How long {@link #close} waits for a running refresh before the server stops anyway. */
  static final long CLOSE_WAIT_SECONDS = 10;

  private final Session session;
  private final DocumentWrites writes;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "rolematch-refresh");
    t.setDaemon(true);
    return t;
  });

  private final AtomicLong done = new AtomicLong();
  private final AtomicLong total = new AtomicLong();

  // Guarded by this.
  private boolean running;
  private long startNanos;
  private long endNanos;
  private String startedAt;
  private String finishedAt;
  private String mode;
  private List<String> postings;
  private RefreshSummary lastSummary;
  private String error;

  ServerRefresh(Session session, DocumentWrites writes) {
    this.session = session;
    this.writes = writes;
  }

  /**
   * Starts a run in the background and returns the status; 409 when one is running here or in
   * another process, 404 for an unknown posting id.
   */
  synchronized Map<String, Object> start(RefreshOptions options) throws IOException {
    if (running) {
      throw new ApiException(409, "a refresh is already running on this server (started " + startedAt
          + "); wait for it to finish (GET /api/refresh/status), then start again");
    }
    if (options.postings() != null) {
      for (String id : options.postings()) {
        boolean posting = session.index.contains(id, DocKind.POSTING);
        if (!posting) {
          throw ApiException.notFound("no posting with id '" + DocumentIds.shown(id)
              + "'; list posting ids with GET /api/postings");
        }
      }
    }
    // Another process (./rolematch refresh on the same index) holds the lock: refuse now, as a 409,
    // rather than accept a run that fails at once. Throws RefreshBusyException.
    try (RefreshLock probe = RefreshLock.acquire(session.index.layout())) {
      // free: released at once, the run takes it again
    }
    running = true;
    done.set(0);
    total.set(0);
    startNanos = System.nanoTime();
    endNanos = 0;
    startedAt = Instant.now().toString();
    finishedAt = null;
    mode = options.mode();
    postings = options.postings();
    error = null;
    try {
      worker.execute(() -> run(options));
    } catch (RuntimeException e) {
      running = false;
      throw e;
    }
    return status();
  }

  private void run(RefreshOptions options) {
    RefreshSummary summary = null;
    String failure = null;
    writes.lock().lock(); // no document writes during the run (see the class comment)
    try {
      Refresher refresher = new Refresher(session.index, session.matcher().scorer());
      summary = refresher.run(options, new RefreshProgress() {
        @Override
        public void total(long pairs) {
          total.set(pairs);
        }

        @Override
        public void advance(long pairs) {
          done.addAndGet(pairs);
        }
      });
    } catch (RefreshBusyException | IllegalArgumentException | IllegalStateException e) {
      failure = e.getMessage(); // written for the user by the refresh package
    } catch (IOException | UncheckedIOException e) {
      RoleServer.LOG.error("refresh failed: {}", e.getClass().getName());
      failure = "refresh failed while reading or writing the index (" + e.getClass().getSimpleName()
          + "); the next run redoes what was not committed";
    } catch (RuntimeException | Error e) {
      // The class only, as for a 500: a message may quote a document.
      RoleServer.LOG.error("refresh failed: {}", e.getClass().getName());
      failure = "refresh failed (" + e.getClass().getSimpleName() + "); the server log has the error class";
    } finally {
      finish(summary, failure); // first: a write that waited for the run sees it finished
      writes.lock().unlock();
    }
  }

  private synchronized void finish(RefreshSummary summary, String failure) {
    running = false;
    endNanos = System.nanoTime();
    finishedAt = Instant.now().toString();
    lastSummary = summary;
    error = failure;
  }

  /**
   * {@code running}, pairs {@code done} of {@code total}, {@code rate} (pairs/s), the run's times,
   * mode and postings, {@code last_summary} (the {@code refresh --json} summary of the last finished
   * run, null when it failed) and {@code error} (why the last run failed, else null).
   */
  synchronized Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("running", running);
    long d = done.get();
    out.put("done", d);
    out.put("total", total.get());
    double seconds = startedAt == null ? 0 : ((running ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    out.put("rate", seconds > 0 ? Math.round(d / seconds * 10) / 10.0 : 0.0);
    out.put("started_at", startedAt);
    out.put("finished_at", finishedAt);
    out.put("mode", mode);
    out.put("postings", postings);
    out.put("last_summary", lastSummary);
    out.put("error", error);
    return out;
  }

  synchronized boolean running() {
    return running;
  }

  // ---- stored scores ----

  /** A row as {@code scores --json} prints it. */
  /**
   * The stored rows of a posting, best first, with staleness ({@link ScoresView}, as {@code
   * ./rolematch scores}); 404 when there are no rows and no such posting.
   *
   * @param staleOnly only stale or failed rows (ranks stay those of the full list)
   * @param top at most this many rows, or null for all
   */
  ScoresView.Report scores(String postingId, boolean staleOnly, Integer top) throws IOException {
    IndexLayout layout = session.index.layout();
    boolean known = session.index.contains(postingId, DocKind.POSTING);
    ScoresView.Listing listing;
    if (ScoresStore.exists(layout)) {
      String version = ScorerVersion.of(session.matcher().scorer());
      try (ScoresStore store = ScoresStore.openForRead(layout)) {
        listing = ScoresView.list(session.index, store, postingId, version);
      }
    } else {
      listing = new ScoresView.Listing(postingId, "never refreshed", false, List.of());
    }
    if (listing.rows().isEmpty() && !known) {
      throw ApiException.notFound("no scores and no posting with id '" + postingId
          + "'; list posting ids with GET /api/postings");
    }
    return ScoresView.report(listing, staleOnly, top);
  }

  /**
   * Stops taking runs and waits up to {@link #CLOSE_WAIT_SECONDS} for a running one. A run still
   * going after that is left to the exiting JVM: the store is crash-safe (the next run redoes the
   * uncommitted postings) and the OS releases the refresh lock.
   */
  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(running() ? CLOSE_WAIT_SECONDS : 1, TimeUnit.SECONDS)) {
        RoleServer.LOG.warn("stopping while a refresh runs; the next refresh redoes its uncommitted postings");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
