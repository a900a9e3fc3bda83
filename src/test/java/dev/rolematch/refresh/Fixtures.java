package dev.rolematch.refresh;

import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.bench.RefreshBench;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.PairScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Generated indexes (random unit vectors, no model) and helpers to read the scores store. */
final class Fixtures {
  private Fixtures() {}

  static final Calibration CALIBRATION = Calibration.uncalibrated(RefreshBench.MODEL.id());

  static String resumeId(int i) {
    return String.format(Locale.ROOT, "r%03d", i);
  }

  static String postingId(int i) {
    return String.format(Locale.ROOT, "p%02d", i);
  }

  /** A writable index with {@code resumes} resumes and {@code postings} postings (seeded by index). */
  static RoleIndexWriter index(IndexLayout layout, ModelIdentity model, int resumes, int postings) throws IOException {
    RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(model, false));
    for (int i = 0; i < postings; i++) {
      index.upsert(RefreshBench.posting(postingId(i), new Random(1000 + i)));
    }
    for (int i = 0; i < resumes; i++) {
      index.upsert(RefreshBench.resume(resumeId(i), new Random(i)));
    }
    index.commit();
    return index;
  }

  static RoleIndexWriter index(IndexLayout layout, int resumes, int postings) throws IOException {
    return index(layout, RefreshBench.MODEL, resumes, postings);
  }

  /** The scorer the CLI's refresh uses for this index: the calibration plus the index's corpus statistics. */
  static Refresher refresher(RoleIndex index) {
    return new Refresher(index, scorer(index));
  }

  /** As {@link #refresher} with another pair function under the same scorer version (failure handling). */
  static Refresher refresher(RoleIndex index, Refresher.PairFunction pairs) {
    return new Refresher(index, ScorerVersion.of(scorer(index)), pairs);
  }

  static PairScorer scorer(RoleIndex index) {
    try {
      return new PairScorer(CALIBRATION, index.corpusStats());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static RefreshOptions options() {
    return RefreshOptions.defaults().withThreads(2);
  }

  /** All rows of the last commit, keyed by pair (fails on a duplicate). */
  static TreeMap<String, ScoreRow> rows(IndexLayout layout) throws IOException {
    TreeMap<String, ScoreRow> out = new TreeMap<>();
    try (ScoresStore s = ScoresStore.openForRead(layout)) {
      s.forEachRow(r -> {
        if (out.put(ScoreRow.key(r.postingId(), r.candidateId()), r) != null) {
          throw new AssertionError("duplicate row " + r.postingId() + " x " + r.candidateId());
        }
      });
    }
    return out;
  }

  /** What must agree between two runs: everything but the time of computation. */
  static List<String> comparable(TreeMap<String, ScoreRow> rows) {
    List<String> out = new ArrayList<>();
    for (ScoreRow r : rows.values()) {
      out.add(String.join("|", r.postingId(), r.candidateId(), String.valueOf(r.score()), r.status(),
          String.valueOf(r.evidence()), r.postingSha256(), r.resumeSha256(), r.modelFingerprint(), r.scorerVersion()));
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().equals("write.lock")) {
          try {
            Files.copy(p, t);
          } catch (java.nio.file.NoSuchFileException gone) {
            // A background merge finished during the walk and Lucene deleted the merged-away
            // segment's files: no commit references them any more, so the copy needs none of them.
          }
        }
      }
    }
  }
}
