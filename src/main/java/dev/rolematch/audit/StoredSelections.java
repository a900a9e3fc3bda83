package dev.rolematch.audit;

import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.refresh.ScoresStore;
import dev.rolematch.refresh.ScoresView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who the tool selected for a posting, from the stored refresh scores: every resume of the index
 * is assessed; the K best stored rows are selected. Refuses (with what to run) when the scores are
 * stale, failed, missing, or stored for too few resumes to know the top K.
 */
public final class StoredSelections {

  private StoredSelections() {}

  public static List<Assessment> of(RoleIndex index, ScoresStore store, String postingId, String scorerVersion,
      int selectedTop) throws IOException {
    if (index.sha256Of(postingId).isEmpty()) {
      throw new IllegalArgumentException("no posting with id '" + postingId + "' in the index");
    }
    ScoresView.Listing listing = ScoresView.list(index, store, postingId, scorerVersion);
    List<String> resumes = new ArrayList<>();
    for (StoredDocument d : index.all(DocKind.RESUME, false)) {
      resumes.add(d.id());
    }
    if (listing.rows().isEmpty()) {
      throw new IllegalStateException("no stored scores for posting '" + postingId + "'; run ./rolematch refresh first");
    }
    int stale = 0;
    for (ScoresView.Listed l : listing.rows()) {
      if (!l.stale().isEmpty()) {
        stale++;
      }
    }
    if (stale > 0 || listing.candidatesChanged()) {
      throw new IllegalStateException("the stored scores of posting '" + postingId + "' are not up to date ("
          + (stale > 0 ? stale + " stale or failed rows" : "resumes changed since") + "); run ./rolematch refresh first");
    }
    if (listing.rows().size() < Math.min(selectedTop, resumes.size())) {
      throw new IllegalStateException("posting '" + postingId + "' has stored scores for " + listing.rows().size()
          + " of " + resumes.size() + " resumes, fewer than --selected-top " + selectedTop
          + "; run ./rolematch refresh --all-pairs (or --top " + selectedTop + " or more)");
    }
    Map<String, Double> scores = new HashMap<>();
    Map<String, Integer> ranks = new HashMap<>();
    int rank = 0;
    for (ScoresView.Listed l : listing.rows()) { // best first
      scores.put(l.row().candidateId(), l.row().score());
      ranks.put(l.row().candidateId(), ++rank);
    }
    List<Assessment> out = new ArrayList<>();
    for (String id : resumes) {
      Integer r = ranks.get(id);
      Double s = scores.get(id);
      out.add(new Assessment(postingId, id, s == null ? Double.NaN : s, r != null && r <= selectedTop));
    }
    return out;
  }
}
