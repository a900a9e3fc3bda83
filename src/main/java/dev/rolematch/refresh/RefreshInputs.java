package dev.rolematch.refresh;

import dev.rolematch.index.DocumentStore;
import dev.rolematch.index.IndexedChunk;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.CandidateProfile;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.QueryProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a refresh reads from the store: every resume as a candidate profile and the selected
 * postings as query profiles, each with its text hash, or why it cannot be scored (the batch goes
 * on without it, and it is recorded as failed).
 */
record RefreshInputs(List<Post> selected, Set<String> allPostingIds, List<Cand> cands, List<RefreshFailure> unreadable) {

  /** A resume: its profile, or why it cannot be scored. */
  record Cand(String id, String sha, CandidateProfile profile, String error) {}

  /** A posting: its query profile, or why it cannot be scored. */
  record Post(String id, String sha, QueryProfile profile, String error) {}

  /** A document that cannot be read is a failure of the run, listed with the others. */
  private abstract static class Visitor implements DocumentStore.DocumentVisitor {
    private final List<RefreshFailure> unreadable;

    Visitor(List<RefreshFailure> unreadable) {
      this.unreadable = unreadable;
    }

    @Override
    public void unreadable(String where, Exception e) {
      unreadable.add(new RefreshFailure(null, where, "unreadable document in the index: " + e));
    }
  }

  static RefreshInputs load(DocumentStore index, RefreshOptions o) throws IOException {
    int dim = index.info().dimension();
    List<RefreshFailure> unreadable = new ArrayList<>();
    List<Cand> cands = new ArrayList<>();
    Set<String> postingIds = new LinkedHashSet<>();
    Map<String, Post> posts = new LinkedHashMap<>();
    Set<String> wanted = o.postings() == null ? null : new LinkedHashSet<>(o.postings());
    index.forEach(DocKind.RESUME, new Visitor(unreadable) {
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
    });
    index.forEach(DocKind.POSTING, new Visitor(unreadable) {
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
    return new RefreshInputs(selected, postingIds, cands, unreadable);
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

}
