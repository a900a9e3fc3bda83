package dev.rolematch.refresh;

import dev.rolematch.index.DocumentStore;
import dev.rolematch.ingest.DocKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stored rows of a posting with their staleness against the index as it is now. A row is stale
 * when its posting or resume is gone or has other text (hash), the index's model fingerprint
 * differs, or the scorer version (code + calibration) differs; failed rows are listed as failed.
 */
public final class ScoresView {
  private ScoresView() {}

  /** A row and why it is stale (empty: fresh). */
  public record Listed(ScoreRow row, List<String> stale) {}

  /**
   * @param candidatesChanged whether resumes were added, changed or removed since this posting was
   *     last refreshed (with --top, a new resume may belong in the top K: run refresh)
   */
  public record Listing(String postingId, String postingState, boolean candidatesChanged, List<Listed> rows) {}

  /** One row of {@code scores --json} (and {@code GET /api/scores}): its rank among all rows. */
  public record ReportRow(
      int rank, @com.fasterxml.jackson.annotation.JsonUnwrapped ScoreRow row, boolean stale,
      List<String> staleReasons) {}

  /** {@code scores --json}: the posting, its refresh state, whether resumes changed since, the rows. */
  public record Report(String posting, String state, boolean candidatesChanged, List<ReportRow> rows) {}

  /** The listing as reported: ranked best first, optionally only stale rows, at most {@code top}. */
  public static Report report(Listing listing, boolean staleOnly, Integer top) {
    List<ReportRow> rows = new java.util.ArrayList<>();
    int rank = 0;
    for (Listed x : listing.rows()) {
      rank++;
      if (staleOnly && x.stale().isEmpty()) {
        continue;
      }
      if (top != null && rows.size() >= top) {
        break;
      }
      rows.add(new ReportRow(rank, x.row(), !x.stale().isEmpty(), x.stale()));
    }
    return new Report(listing.postingId(), listing.postingState(), listing.candidatesChanged(), rows);
  }

  public static Listing list(DocumentStore index, ScoresStore store, String postingId, String scorerVersion)
      throws IOException {
    Optional<String> postingSha = index.sha256Of(postingId);
    Map<String, String> resumes = resumeShas(index);
    String model = index.info().fingerprint();
    List<Listed> out = new ArrayList<>();
    for (ScoreRow r : store.rowsOf(postingId, Integer.MAX_VALUE)) {
      List<String> why = Staleness.reasons(r, postingSha.orElse(null), resumes.get(r.candidateId()), model,
          scorerVersion);
      out.add(new Listed(r, why));
    }
    ScoresStore.PostingState st = store.stateOf(postingId);
    boolean changed = st != null && !st.snapshot().isEmpty()
        && !Snapshot.of(resumes).digest().equals(st.snapshot());
    String state = st == null ? "never refreshed" : ScoreRow.OK.equals(st.status())
        ? "refreshed " + st.computedAt() + " (" + st.mode() + ")" : "failed: " + st.error();
    return new Listing(postingId, state, changed, out);
  }

  /** Resume id → text hash. */
  static Map<String, String> resumeShas(DocumentStore index) throws IOException {
    return index.sha256s(DocKind.RESUME);
  }
}
