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
import java.util.Arrays;
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

  /**
   * Loads what it is handed a batch at a time on the refresh's threads (reading stored fields and
   * building profiles is most of a refresh's start-up); a document that cannot be read is a failure
   * of the run, listed with the others.
   */
  private abstract static class Loading<T> implements DocumentStore.DocumentVisitor {
    static final int BATCH = 512;
    private final List<RefreshFailure> unreadable;
    private final int threads;
    private final List<Pending> pending = new ArrayList<>();
    final List<T> out = new ArrayList<>();

    record Pending(String id, String sha, DocumentStore.Loader load) {}

    Loading(List<RefreshFailure> unreadable, int threads) {
      this.unreadable = unreadable;
      this.threads = threads;
    }

    /** One document to what the refresh keeps; runs on a pool thread, must not throw. */
    abstract T convert(String id, String sha, DocumentStore.Loader load);

    /** Whether a visited document is loaded at all. */
    boolean wanted(String id) {
      return true;
    }

    @Override
    public void visit(String id, String sha, DocumentStore.Loader load) throws IOException {
      if (wanted(id)) {
        pending.add(new Pending(id, sha, load));
        if (pending.size() >= BATCH) {
          flush();
        }
      }
    }

    @Override
    public void unreadable(String where, Exception e) {
      unreadable.add(new RefreshFailure(null, where, "unreadable document in the index: " + e));
    }

    @Override
    public void end() throws IOException {
      flush();
    }

    private void flush() throws IOException {
      int n = pending.size();
      if (n == 0) {
        return;
      }
      @SuppressWarnings("unchecked")
      T[] done = (T[]) new Object[n];
      int slices = Math.min(threads, n);
      List<int[]> ranges = new ArrayList<>(slices);
      for (int k = 0; k < slices; k++) {
        ranges.add(new int[] {(int) ((long) n * k / slices), (int) ((long) n * (k + 1) / slices)});
      }
      Workers.runAll(ranges, threads, range -> {
        for (int i = range[0]; i < range[1]; i++) {
          Pending p = pending.get(i);
          done[i] = convert(p.id(), p.sha(), p.load());
        }
      });
      out.addAll(Arrays.asList(done));
      pending.clear();
    }
  }

  static RefreshInputs load(DocumentStore index, RefreshOptions o) throws IOException {
    int threads = Math.max(1, o.threads());
    int dim = index.info().dimension();
    List<RefreshFailure> unreadable = new ArrayList<>();
    Set<String> postingIds = new java.util.TreeSet<>();
    Set<String> wanted = o.postings() == null ? null : new LinkedHashSet<>(o.postings());
    Loading<Cand> resumes = new Loading<>(unreadable, threads) {
      @Override
      Cand convert(String id, String sha, DocumentStore.Loader load) {
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
        return new Cand(id, sha, profile, error);
      }
    };
    index.forEach(DocKind.RESUME, resumes);
    Loading<Post> postings = new Loading<>(unreadable, threads) {
      @Override
      boolean wanted(String id) {
        postingIds.add(id);
        return wanted == null || wanted.contains(id);
      }

      @Override
      Post convert(String id, String sha, DocumentStore.Loader load) {
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
        return new Post(id, sha, profile, error);
      }
    };
    index.forEach(DocKind.POSTING, postings);
    Map<String, Post> posts = new LinkedHashMap<>();
    for (Post p : postings.out) {
      posts.put(p.id(), p);
    }
    if (wanted != null) {
      List<String> missing = wanted.stream().filter(id -> !posts.containsKey(id)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("no posting with id " + String.join(", ", missing.subList(0, Math.min(10,
            missing.size()))) + (missing.size() > 10 ? " (and " + (missing.size() - 10) + " more)" : "")
            + " in the index; indexed postings: " + (postingIds.isEmpty() ? "(none)" : String.join(", ", postingIds)));
      }
    }
    List<Cand> cands = new ArrayList<>(resumes.out);
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
