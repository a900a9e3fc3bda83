package dev.rolematch.refresh;

import dev.rolematch.index.RoleIndexWriter;
import static dev.rolematch.refresh.Fixtures.options;
import static dev.rolematch.refresh.Fixtures.postingId;
import static dev.rolematch.refresh.Fixtures.refresher;
import static dev.rolematch.refresh.Fixtures.resumeId;
import static dev.rolematch.refresh.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolematch.TestSeeds;
import dev.rolematch.bench.RefreshBench;
import dev.rolematch.embed.ModelIdentity;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.PairScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Incremental refresh, staleness, top-K, removal, failures, lock and export on generated indexes. */
@ExtendWith(TestSeeds.class) // incrementalTopKEqualsAFromScratchRun's edits are random
class RefresherTest {

  @TempDir Path tmp;

  private IndexLayout layout(String name) {
    return new IndexLayout(tmp.resolve(name));
  }

  @Test
  void secondRunScoresNothingAndNothingIsEmbedded() throws Exception {
    IndexLayout l = layout("a");
    try (RoleIndexWriter index = Fixtures.index(l, 12, 3)) {
      RefreshSummary first = refresher(index).run(options().allPairs(), RefreshProgress.NONE);
      assertEquals(36, first.scored());
      assertEquals(0, first.fresh());
      assertEquals(0, first.failed());
      assertEquals(0, first.embedded());
      assertEquals(36, rows(l).size());
      RefreshSummary second = refresher(index).run(options().allPairs(), RefreshProgress.NONE);
      assertEquals(0, second.scored());
      assertEquals(36, second.fresh());
      assertEquals(36, rows(l).size());
    }
  }

  @Test
  void editedResumeRescoresExactlyItsPairsInBothModes() throws Exception {
    for (RefreshOptions o : List.of(options().allPairs(), options().withTop(50))) {
      IndexLayout l = layout("edit-" + o.mode().replace(':', '-'));
      try (RoleIndexWriter index = Fixtures.index(l, 10, 4)) {
        refresher(index).run(o, RefreshProgress.NONE);
        TreeMap<String, ScoreRow> before = rows(l);
        index.upsert(RefreshBench.resume(resumeId(3), new Random(99)));
        index.commit();
        RefreshSummary s = refresher(index).run(o, RefreshProgress.NONE);
        assertEquals(4, s.scored(), "one pair per posting, " + o.mode());
        assertEquals(36, s.fresh());
        TreeMap<String, ScoreRow> after = rows(l);
        assertEquals(before.keySet(), after.keySet());
        for (String k : after.keySet()) {
          boolean edited = after.get(k).candidateId().equals(resumeId(3));
          assertEquals(edited, !after.get(k).resumeSha256().equals(before.get(k).resumeSha256()), k);
          if (!edited) {
            assertEquals(before.get(k).computedAt(), after.get(k).computedAt(), "untouched row " + k);
          }
        }
      }
    }
  }

  @Test
  void changedPostingRescoresOnlyItsPairs() throws Exception {
    IndexLayout l = layout("posting");
    try (RoleIndexWriter index = Fixtures.index(l, 10, 4)) {
      refresher(index).run(options().allPairs(), RefreshProgress.NONE);
      index.upsert(RefreshBench.posting(postingId(1), new Random(5)));
      index.commit();
      RefreshSummary s = refresher(index).run(options().allPairs(), RefreshProgress.NONE);
      assertEquals(10, s.scored());
      assertEquals(30, s.fresh());
      assertEquals(0, refresher(index).run(options().allPairs(), RefreshProgress.NONE).scored());
    }
  }

  @Test
  void newModelOrScorerVersionMakesEverythingStale() throws Exception {
    IndexLayout l = layout("model");
    try (RoleIndexWriter index = Fixtures.index(l, 6, 2)) {
      refresher(index).run(options(), RefreshProgress.NONE);
      // Recalibration: another calibration content is another scorer version.
      Calibration c = Fixtures.CALIBRATION;
      Calibration recalibrated = new Calibration(c.modelId(), c.topic(), c.posting(), 7, c.scorerVersion(),
          "refit", "2026-12-01");
      Refresher r = new Refresher(index, new PairScorer(recalibrated));
      assertFalse(r.scorerVersion().equals(refresher(index).scorerVersion()));
      assertTrue(r.scorerVersion().startsWith(PairScorer.VERSION + "+"));
      RefreshSummary s = r.run(options(), RefreshProgress.NONE);
      assertEquals(12, s.scored());
      assertTrue(rows(l).values().stream().allMatch(x -> x.scorerVersion().equals(r.scorerVersion())));
      assertEquals(12, refresher(index).run(options(), RefreshProgress.NONE).scored(), "back to the first calibration");
    }
    // Same documents, vectors from another model: the index is rebuilt (as reindex does), scores go stale.
    dev.rolematch.index.Generations.deleteTree(l.docs());
    ModelIdentity other = new ModelIdentity("bench-2", RefreshBench.DIM, "1".repeat(64));
    try (RoleIndexWriter index = Fixtures.index(l, 6, 2)) {
      assertEquals(0, refresher(index).run(options(), RefreshProgress.NONE).scored(), "control: same model");
    }
    dev.rolematch.index.Generations.deleteTree(l.docs());
    try (RoleIndexWriter index = Fixtures.index(l, other, 6, 2)) {
      RefreshSummary s = refresher(index).run(options(), RefreshProgress.NONE);
      assertEquals(12, s.scored());
      assertTrue(rows(l).values().stream().allMatch(x -> x.modelFingerprint().equals(other.fingerprint())));
    }
  }

  @Test
  void removedResumesAndPostingsLoseTheirRows() throws Exception {
    for (RefreshOptions o : List.of(options().allPairs(), options().withTop(3))) {
      IndexLayout l = layout("remove-" + o.mode().replace(':', '-'));
      try (RoleIndexWriter index = Fixtures.index(l, 8, 3)) {
        refresher(index).run(o, RefreshProgress.NONE);
        index.remove(resumeId(2));
        index.remove(postingId(0));
        index.commit();
        RefreshSummary s = refresher(index).run(o, RefreshProgress.NONE);
        assertTrue(s.removed() > 0);
        TreeMap<String, ScoreRow> after = rows(l);
        assertTrue(after.values().stream().noneMatch(r -> r.candidateId().equals(resumeId(2))), o.mode());
        assertTrue(after.values().stream().noneMatch(r -> r.postingId().equals(postingId(0))), o.mode());
        assertEquals(o.top() == 0 ? 14 : 6, after.size(), o.mode());
        assertEquals(0, refresher(index).run(o, RefreshProgress.NONE).scored());
      }
    }
  }

  /** Random edits, additions and removals: incremental top-K rows equal a from-scratch run's. */
  @Test
  void incrementalTopKEqualsAFromScratchRun() throws Exception {
    IndexLayout l = layout("topk");
    Random rnd = TestSeeds.random("incrementalTopK");
    RefreshOptions o = options().withTop(3);
    try (RoleIndexWriter index = Fixtures.index(l, 25, 3)) {
      refresher(index).run(o, RefreshProgress.NONE);
      int next = 25;
      for (int round = 0; round < 6; round++) {
        // Demote current top candidates (the fallback path), change, add and remove others.
        for (ScoreRow top : rows(l).values()) {
          if (rnd.nextInt(3) == 0) {
            index.upsert(RefreshBench.resume(top.candidateId(), new Random(rnd.nextLong())));
          }
        }
        index.upsert(RefreshBench.resume(resumeId(rnd.nextInt(next)), new Random(rnd.nextLong())));
        index.upsert(RefreshBench.resume(resumeId(next++), new Random(rnd.nextLong())));
        index.remove(resumeId(rnd.nextInt(next)));
        index.commit();
        RefreshSummary s = refresher(index).run(o, RefreshProgress.NONE);
        assertEquals(0, s.failed());
        Path scratch = tmp.resolve("scratch" + round);
        Fixtures.copyTree(l.docs(), new IndexLayout(scratch).docs());
        try (RoleIndex copy = RoleIndex.openForRead(new IndexLayout(scratch))) {
          refresher(copy).run(o, RefreshProgress.NONE);
        }
        assertEquals(Fixtures.comparable(rows(new IndexLayout(scratch))), Fixtures.comparable(rows(l)), "round " + round);
        assertEquals(9, rows(l).size());
      }
    }
  }

  @Test
  void badDocumentsAndThrowingPairsFailAloneAndAreRetried() throws Exception {
    IndexLayout l = layout("fail");
    try (RoleIndexWriter index = Fixtures.index(l, 6, 2)) {
      StoredDocument ok = RefreshBench.resume("empty", new Random(3));
      index.upsert(new StoredDocument("empty", ok.kind(), ok.title(), ok.source(), ok.text(), ok.sha256(),
          ok.metadata(), List.of(), ok.docVector(), List.of()));
      index.commit();
      Refresher.PairFunction scorer = new PairScorer(Fixtures.CALIBRATION)::score;
      Refresher.PairFunction throwing = (q, c) -> {
        if (q.id().equals(postingId(1)) && c.id().equals(resumeId(4))) {
          throw new IllegalStateException("pathological pair");
        }
        return scorer.score(q, c);
      };
      for (RefreshOptions o : List.of(options().allPairs(), options().withTop(50))) {
        dev.rolematch.index.Generations.deleteTree(l.scores());
        RefreshSummary s = refresher(index, throwing).run(o, RefreshProgress.NONE);
        assertEquals(2 + 1, s.failed(), o.mode()); // "empty" x 2 postings, one throwing pair
        assertEquals(14 - 3, s.scored(), o.mode());
        assertTrue(s.failures().stream().anyMatch(f -> f.postingId() == null && f.candidateId().equals("empty")
            && f.reason().contains("no chunks")), s.failures().toString());
        assertTrue(s.failures().stream().anyMatch(f -> resumeId(4).equals(f.candidateId())
            && f.reason().contains("pathological")), s.failures().toString());
        TreeMap<String, ScoreRow> rows = rows(l);
        ScoreRow bad = rows.get(ScoreRow.key(postingId(1), resumeId(4)));
        assertEquals(ScoreRow.FAILED, bad.status());
        assertNull(bad.score());
        assertTrue(bad.error().contains("pathological"));
        assertEquals(ScoreRow.FAILED, rows.get(ScoreRow.key(postingId(0), "empty")).status());
        assertEquals(11, rows.values().stream().filter(ScoreRow::ok).count());
        // Failed pairs are retried, nothing else is scored; once fixed they succeed.
        RefreshSummary again = refresher(index, throwing).run(o, RefreshProgress.NONE);
        assertEquals(3, again.failed());
        assertEquals(0, again.scored());
        RefreshSummary fixed = refresher(index).run(o, RefreshProgress.NONE);
        assertEquals(1, fixed.scored());
        assertEquals(2, fixed.failed());
        assertEquals(ScoreRow.OK, rows(l).get(ScoreRow.key(postingId(1), resumeId(4))).status());
      }
    }
  }

  @Test
  void oneRefreshAtATime() throws Exception {
    IndexLayout l = layout("lock");
    try (RoleIndexWriter index = Fixtures.index(l, 3, 1)) {
      try (RefreshLock held = RefreshLock.acquire(l)) {
        RefreshBusyException e = assertThrows(RefreshBusyException.class, () -> RefreshLock.acquire(l));
        assertTrue(e.getMessage().contains("another refresh is running")
            && e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        assertThrows(RefreshBusyException.class, () -> refresher(index).run(options(), RefreshProgress.NONE));
      }
      assertEquals(3, refresher(index).run(options(), RefreshProgress.NONE).scored(), "released on close");
    }
  }

  @Test
  void exportWritesOneRowPerPairAsCsvAndJsonLines() throws Exception {
    IndexLayout l = layout("export");
    try (RoleIndexWriter index = Fixtures.index(l, 7, 3)) {
      refresher(index).run(options().allPairs(), RefreshProgress.NONE);
    }
    Path csv = tmp.resolve("out/scores.csv");
    Path jsonl = tmp.resolve("out/scores.jsonl");
    try (ScoresStore store = ScoresStore.openForRead(l)) {
      assertEquals(21, ScoresExport.write(store, ScoresExport.Format.CSV, csv));
      assertEquals(21, ScoresExport.write(store, ScoresExport.Format.JSONL, jsonl));
    }
    List<String> csvLines = Files.readAllLines(csv);
    assertTrue(csvLines.get(0).startsWith("posting_id,candidate_id,score,status,"), csvLines.get(0));
    var csvMapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
    var it = csvMapper.readerForMapOf(String.class)
        .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader()).readValues(csv.toFile());
    java.util.Set<String> pairs = new java.util.HashSet<>();
    int n = 0;
    while (it.hasNext()) {
      @SuppressWarnings("unchecked")
      Map<String, String> m = (Map<String, String>) it.next();
      pairs.add(m.get("posting_id") + "|" + m.get("candidate_id"));
      assertEquals(20, new ObjectMapper().readTree(m.get("evidence")).size(), "evidence JSON survives CSV quoting");
      n++;
    }
    assertEquals(21, n);
    assertEquals(21, pairs.size());
    List<String> lines = Files.readAllLines(jsonl).stream().filter(s -> !s.isBlank()).toList();
    assertEquals(21, lines.size());
    TreeMap<String, ScoreRow> stored = rows(l);
    for (String line : lines) {
      JsonNode j = new ObjectMapper().readTree(line);
      ScoreRow r = stored.get(ScoreRow.key(j.get("posting_id").asText(), j.get("candidate_id").asText()));
      assertNotNull(r, line);
      assertEquals(r.score(), j.get("score").asDouble());
      assertEquals(20, j.get("evidence").size());
      for (String f : List.of("posting_sha256", "resume_sha256", "model_fingerprint", "scorer_version", "computed_at")) {
        assertFalse(j.get(f).asText().isEmpty(), f);
      }
    }
  }

  @Test
  void scoresViewMarksRowsStaleUntilTheNextRefresh() throws Exception {
    IndexLayout l = layout("view");
    try (RoleIndexWriter index = Fixtures.index(l, 5, 1)) {
      Refresher r = refresher(index);
      r.run(options(), RefreshProgress.NONE);
      index.upsert(RefreshBench.resume(resumeId(1), new Random(77)));
      index.remove(resumeId(2));
      index.upsert(RefreshBench.resume("new", new Random(78)));
      index.commit();
      try (ScoresStore store = ScoresStore.openForRead(l)) {
        ScoresView.Listing v = ScoresView.list(index, store, postingId(0), r.scorerVersion());
        assertTrue(v.candidatesChanged());
        assertEquals(5, v.rows().size());
        for (ScoresView.Listed x : v.rows()) {
          String id = x.row().candidateId();
          List<String> expected = id.equals(resumeId(1)) ? List.of("resume changed")
              : id.equals(resumeId(2)) ? List.of("resume removed") : List.of();
          assertEquals(expected, x.stale(), id);
        }
        ScoresView.Listing other = ScoresView.list(index, store, postingId(0), "0+000000000000");
        assertTrue(other.rows().stream().allMatch(x -> x.stale().contains("scorer changed")));
      }
      r.run(options(), RefreshProgress.NONE);
      try (ScoresStore store = ScoresStore.openForRead(l)) {
        ScoresView.Listing v = ScoresView.list(index, store, postingId(0), r.scorerVersion());
        assertFalse(v.candidatesChanged());
        assertTrue(v.rows().stream().allMatch(x -> x.stale().isEmpty()));
        assertEquals(5, v.rows().size());
      }
    }
  }
}
