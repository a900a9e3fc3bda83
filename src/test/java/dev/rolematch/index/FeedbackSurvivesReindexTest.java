package dev.rolematch.index;

import dev.rolematch.refresh.RefreshOptions;
import dev.rolematch.pipeline.Reindexer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolematch.bench.RefreshBench;
import dev.rolematch.feedback.Feedback;
import dev.rolematch.feedback.FeedbackKey;
import dev.rolematch.feedback.FeedbackLabel;
import dev.rolematch.feedback.FeedbackStore;
import dev.rolematch.feedback.QueryType;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.PairScorer;
import dev.rolematch.refresh.Refresher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback lives beside the generations: refresh and two reindexes (old generations deleted) keep it. */
class FeedbackSurvivesReindexTest {

  @TempDir Path tmp;

  @Test
  void refreshAndReindexKeepEveryVerdict() throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("index"));
    try (RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(RefreshBench.MODEL, false))) {
      index.upsert(RefreshBench.posting("p0", new Random(100)));
      for (int i = 0; i < 4; i++) {
        index.upsert(RefreshBench.resume("r" + i, new Random(i)));
      }
      index.commit();
    }
    try (FeedbackStore s = FeedbackStore.open(layout.feedback())) {
      s.put(List.of(
          new Feedback(new FeedbackKey("default", QueryType.POSTING, "p0", "r1"), FeedbackLabel.SHORTLIST, null,
              Instant.now()),
          new Feedback(new FeedbackKey("default", QueryType.TOPIC, "NLP", "r2"), FeedbackLabel.GOOD_FIT, null,
              Instant.now())));
    }
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      new Refresher(index, new PairScorer(Calibration.uncalibrated(RefreshBench.MODEL.id()), index.corpusStats()))
          .run(RefreshOptions.defaults().withThreads(1), dev.rolematch.refresh.RefreshProgress.NONE);
    }
    Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {});
    Reindexer.run(layout, new FakeEmbedder(), true, 64, m -> {});
    assertEquals("docs-2", layout.currentGeneration());
    try (RoleIndexWriter w = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(FakeEmbedder.MODEL, false))) {
      // the next writer removes stale generations; feedback is not one
    }
    List<Feedback> kept = FeedbackStore.read(layout.feedback());
    assertEquals(List.of("r1", "r2"), kept.stream().map(f -> f.key().candidate()).toList());
  }
}
