package dev.rolematch.refresh;

import dev.rolematch.index.RoleIndexWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.embed.TransformerEmbedder;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.pipeline.Indexer;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.match.Calibration;
import dev.rolematch.index.Filters;
import dev.rolematch.match.MatchResponse;
import dev.rolematch.match.MatchResult;
import dev.rolematch.match.Matcher;
import dev.rolematch.match.PairScorer;
import dev.rolematch.match.Taxonomy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real index (MiniLM, sample documents from data/): stored scores are exactly what {@code
 * match} returns for the same pairs, and refresh embeds nothing.
 */
class RefreshMatcherParityTest {

  @TempDir Path tmp;

  @Test
  void storedScoresEqualMatcherScoresAndNothingIsEmbedded() throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("index"));
    List<Path> resumes;
    try (var files = Files.list(Path.of("data/resumes"))) {
      resumes = files.sorted().limit(6).toList();
    }
    List<Path> postings = List.of(Path.of("data/postings/nlp-research-intern.md"),
        Path.of("data/postings/backend-software-intern.txt"));
    try (TransformerEmbedder e = Embedders.open(
            new ModelCatalog(Path.of("models")).resolve("all-minilm-l6-v2"), DeviceChoice.CPU);
        RoleIndexWriter index = RoleIndex.openForWrite(layout, dev.rolematch.pipeline.Stores.wanted(e.identity(), false))) {
      Indexer indexer = new Indexer(index, e, 128);
      indexer.add(postings, DocKind.POSTING, null, f -> {});
      indexer.add(resumes, DocKind.RESUME, null, f -> {});
      PairScorer scorer = new PairScorer(Calibration.load(Calibration.standardDir(Path.of(".")), e.identity().id()));
      Refresher refresher = new Refresher(index, scorer);
      RefreshSummary s = refresher.run(RefreshOptions.defaults().allPairs(), RefreshProgress.NONE);
      assertEquals(12, s.scored());
      assertEquals(0, s.failed());
      assertEquals(0, s.embedded(), "every vector comes from the index");
      RefreshSummary again = refresher.run(RefreshOptions.defaults().allPairs(), RefreshProgress.NONE);
      assertEquals(0, again.scored());
      assertEquals(12, again.fresh());
      assertEquals(0, again.embedded());

      TreeMap<String, ScoreRow> rows = Fixtures.rows(layout);
      Matcher matcher = new Matcher(index, e, scorer, new Taxonomy(List.of()));
      for (StoredDocument p : index.all(DocKind.POSTING, true)) {
        MatchResponse r = matcher.matchPosting(Matcher.postingProfile(p), Filters.NONE, 10, new ArrayList<>());
        assertEquals(6, r.results().size());
        for (MatchResult m : r.results()) {
          ScoreRow row = rows.get(ScoreRow.key(p.id(), m.id()));
          assertEquals(m.score(), row.score(), p.id() + " x " + m.id());
          assertEquals(m.mustHaves().met(), row.mustMet());
          assertEquals(m.mustHaves().unmet(), row.mustUnmet());
          assertFalse(row.evidence().isEmpty());
          assertEquals(Indexer.sha256(p.text()), row.postingSha256());
        }
      }
      assertTrue(rows.values().stream().allMatch(x -> x.modelFingerprint().equals(e.identity().fingerprint())));
    }
  }
}
