package dev.rolematch.server;

import dev.rolematch.app.CalibrationRefit;
import dev.rolematch.app.Home;
import dev.rolematch.app.Session;
import dev.rolematch.eval.FeedbackRefit;
import dev.rolematch.eval.RefitCheck;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.match.Calibration;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The calibration in use ({@code GET /api/calibration}) and its refit from the stored feedback
 * ({@code POST /api/calibration/refit}, admins only; {@code GET /api/calibration/refit} for the
 * job). The refit runs {@link CalibrationRefit} in a background thread, one at a time, writes the
 * index's own calibration only when the dev check passes, and then reloads it: queries score with
 * it from the next request, without a restart. A refit written by the CLI is picked up too: the
 * file is watched every few seconds.
 */
final class CalibrationEndpoints implements AutoCloseable {

  /** How often the index's calibration file is looked at (a CLI refit wrote it). */
  static final long WATCH_SECONDS = 5;

  private final Session session;
  private final FeedbackStore feedback;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "rolematch-refit"));
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "rolematch-calibration-watch"));
  private final RefitJob job = new RefitJob();
  private volatile CalibrationRefit.Sources sources; // null: the standard ones, read when a refit starts
  private volatile String stamp;

  CalibrationEndpoints(Session session, FeedbackStore feedback) {
    this.session = session;
    this.feedback = feedback;
    this.stamp = stamp();
    watch.scheduleWithFixedDelay(this::reloadIfChanged, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
  }

  /** Other labelled data for the refit (an embedding application's, or a test's small real sets). */
  void useSources(CalibrationRefit.Sources s) {
    this.sources = s;
  }

  List<Endpoints.Route> routes() {
    return List.of(
        new Endpoints.Route(HandlerType.GET, "/api/calibration", this::inUse),
        new Endpoints.Route(HandlerType.POST, "/api/calibration/refit", this::refit),
        new Endpoints.Route(HandlerType.GET, "/api/calibration/refit", this::status));
  }

  void inUse(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calibration", session.calibration().describe());
    out.put("refit", job.json());
    ctx.json(out);
  }

  void status(Context ctx) {
    ctx.json(job.json());
  }

  /** 202 with the job; 403 for a non-admin token; 409 while one runs, without feedback or without the dev data. */
  void refit(Context ctx) throws IOException {
    Tokens.Caller caller = RoleServer.caller(ctx);
    if (!caller.admin()) {
      throw new ApiException(403, "refitting the calibration is for admins: '" + caller.user() + "' is a recruiter"
          + " (give the user the admin role in the server's token file)");
    }
    List<Feedback> verdicts = feedback.list(f -> true);
    if (verdicts.isEmpty()) {
      throw new ApiException(409, "no feedback stored yet: shortlist, reject or mark candidates first");
    }
    CalibrationRefit.Sources src = sources != null ? sources : CalibrationRefit.Sources.standard(Home.dir());
    if (!src.dev().available(src.home())) {
      throw new ApiException(409, "cannot refit: the dev data " + src.dev().name() + " is not on the server ("
          + src.home().resolve(src.dev().data().corpus()).normalize() + "); a refit is used only after it is"
          + " checked on it. Place ../shared/data/" + src.dev().name() + " beside the rolematch home");
    }
    if (!job.begin(caller.user())) {
      throw new ApiException(409, "a refit is already running; follow it with GET /api/calibration/refit");
    }
    worker.submit(() -> run(verdicts, src));
    ctx.status(202).json(job.json());
  }

  private void run(List<Feedback> verdicts, CalibrationRefit.Sources src) {
    try {
      CalibrationRefit.Outcome o = CalibrationRefit.run(session, verdicts, src, "auto", job::progress);
      if (o.written() != null) {
        reload();
      }
      job.finish(result(o), null, o.written() == null);
    } catch (CalibrationRefit.Refused e) {
      job.finish(null, e.getMessage(), false);
    } catch (Exception | OutOfMemoryError e) {
      RoleServer.LOG.error("calibration refit failed: {}", e.getClass().getName());
      job.finish(null, "the refit failed (" + e.getClass().getSimpleName() + "); the calibration in use is unchanged",
          false);
    }
  }

  private static Map<String, Object> result(CalibrationRefit.Outcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("written", o.written() != null);
    m.put("verdicts", o.verdicts());
    m.put("feedback_pairs", o.feedbackPairs());
    m.put("skipped", o.skipped());
    m.put("source", o.refit().source());
    m.put("fitted_at", o.refit().fittedAt());
    m.put("fitted_pairs", o.refit().fittedPairs());
    m.put("held_out", o.heldOut().stream().map(CalibrationEndpoints::heldOut).toList());
    Map<String, Object> dev = new LinkedHashMap<>();
    dev.put("ok", o.devCheck().ok());
    dev.put("tolerance", RefitCheck.TOLERANCE);
    dev.put("rows", o.devCheck().rows().stream().map(CalibrationEndpoints::devRow).toList());
    m.put("dev_check", dev);
    return m;
  }

  private static Map<String, Object> heldOut(FeedbackRefit.HeldOut h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query_class", h.queryClass());
    m.put("queries", h.queries());
    m.put("pairs", h.pairs());
    m.put("ndcg_before", h.before());
    m.put("ndcg_after", h.after());
    return m;
  }

  private static Map<String, Object> devRow(RefitCheck.Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query_type", r.queryType());
    m.put("ndcg10_with_feedback", r.with());
    m.put("ndcg10_without_feedback", r.without());
    m.put("best_baseline", r.baseline());
    m.put("ndcg10_best_baseline", r.bestBaseline());
    m.put("ok", r.ok());
    return m;
  }

  // ---- reloading ----

  private synchronized void reload() throws IOException {
    stamp = stamp();
    session.reloadCalibration();
  }

  /** A CLI refit (or an operator deleting the file) changed the index's calibration: load it. */
  private void reloadIfChanged() {
    try {
      if (!stamp().equals(stamp)) {
        reload();
        RoleServer.LOG.info("calibration reloaded: {}", session.calibration().origin());
      }
    } catch (IOException | RuntimeException e) {
      RoleServer.LOG.warn("calibration not reloaded: {}", e.getClass().getName());
    }
  }

  /** The index's calibration file's size and time, or "absent". */
  private String stamp() {
    Path f = Calibration.fileFor(session.index.layout().calibration(), session.embedder.identity().id());
    try {
      return Files.isRegularFile(f) ? Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis() : "absent";
    } catch (IOException e) {
      return "unreadable";
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    watch.shutdownNow();
    worker.shutdownNow();
  }

  /** The one refit job's state, as {@code GET /api/calibration/refit} shows it. */
  private final class RefitJob {
    private String state = "idle"; // idle, running, done, refused, failed
    private int step;
    private int steps;
    private String stage = "";
    private String by;
    private Instant started;
    private Instant finished;
    private Map<String, Object> result;
    private String error;

    synchronized boolean begin(String user) {
      if (state.equals("running")) {
        return false;
      }
      state = "running";
      step = 0;
      steps = 0;
      stage = "starting";
      by = user;
      started = Instant.now();
      finished = null;
      result = null;
      error = null;
      return true;
    }

    synchronized void progress(int at, int of, String what) {
      step = at;
      steps = of;
      stage = what;
    }

    synchronized void finish(Map<String, Object> r, String err, boolean refused) {
      state = err != null ? "failed" : refused ? "refused" : "done";
      result = r;
      error = err != null ? err : refused ? "not written: the refit loses on the dev data (see dev_check); the"
          + " calibration in use is unchanged" : null;
      finished = Instant.now();
    }

    synchronized Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("state", state);
      m.put("running", state.equals("running"));
      m.put("step", step);
      m.put("steps", steps);
      m.put("stage", stage);
      m.put("started_by", by);
      m.put("started_at", started == null ? null : started.toString());
      m.put("finished_at", finished == null ? null : finished.toString());
      m.put("error", error);
      m.put("result", result);
      m.put("calibration", session.calibration().describe());
      return m;
    }
  }
}
