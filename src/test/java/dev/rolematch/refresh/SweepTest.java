package dev.rolematch.refresh;

import static dev.rolematch.refresh.Fixtures.options;
import static dev.rolematch.refresh.Fixtures.postingId;
import static dev.rolematch.refresh.Fixtures.resumeId;
import static dev.rolematch.refresh.Fixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.bench.RefreshBench;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndexWriter;
import dev.rolematch.index.StoredDocument;
import dev.rolematch.match.PairScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Postings swept together over the candidates store exactly what they store one at a time. */
class SweepTest {

  @TempDir Path tmp;

  @Test
  void sweptPostingsStoreWhatPostingsAloneStore() throws Exception {
    IndexLayout swept = new IndexLayout(tmp.resolve("swept"));
    IndexLayout alone = new IndexLayout(tmp.resolve("alone"));
    try (RoleIndexWriter index = Fixtures.index(swept, 40, 9)) {
      // a resume without chunks fails against every posting; one pair throws
      StoredDocument ok = RefreshBench.resume("empty", new Random(3));
      index.upsert(new StoredDocument("empty", ok.kind(), ok.title(), ok.source(), ok.text(), ok.sha256(),
          ok.metadata(), List.of(), ok.docVector(), List.of()));
      index.commit();
      Fixtures.copyTree(swept.docs(), alone.docs());
      Refresher.PairFunction scorer = new PairScorer(Fixtures.CALIBRATION)::score;
      Refresher.PairFunction throwing = (q, c) -> {
        if (q.id().equals(postingId(5)) && c.id().equals(resumeId(7))) {
          throw new IllegalStateException("pathological pair");
        }
        return scorer.score(q, c);
      };
      RefreshOptions o = options().withTop(5); // 9 postings on 2 threads: sweeps of 4 and 5
      RefreshSummary s = Fixtures.refresher(index, throwing).run(o, RefreshProgress.NONE);
      try (var copy = dev.rolematch.index.RoleIndex.openForRead(alone)) {
        // a pause between postings turns sweeping off: each posting is scored alone
        RefreshSummary a = Fixtures.refresher(copy, throwing).run(o.withThrottle(1), RefreshProgress.NONE);
        assertEquals(a.scored(), s.scored());
        assertEquals(a.failed(), s.failed());
      }
      assertEquals(9 * 40 - 1, s.scored());
      assertEquals(9 + 1, s.failed());
      assertEquals(Fixtures.comparable(rows(alone)), Fixtures.comparable(rows(swept)));
      assertEquals(9 * 5 + 9 + 1, rows(swept).size(), "top 5 and the failed pairs of each posting");
      RefreshSummary again = Fixtures.refresher(index, throwing).run(o, RefreshProgress.NONE);
      assertEquals(0, again.scored(), "a second run scores nothing new");
      assertEquals(10, again.failed(), "failed pairs are retried");
    }
  }

  @Test
  void fullTopKPostingsGoInEvenGroupsTheRestAlone() {
    Set<String> all = new LinkedHashSet<>(List.of("a", "b"));
    List<RefreshPlan.Work> work = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      work.add(new RefreshPlan.Work(post("p" + i, null), all, Set.of(), true));
    }
    work.add(new RefreshPlan.Work(post("partial", null), Set.of("a"), Set.of(), false));
    work.add(new RefreshPlan.Work(post("broken", "unreadable"), all, Set.of(), true));
    RefreshOptions top = RefreshOptions.defaults().withTop(10);
    List<List<RefreshPlan.Work>> groups = Sweeps.of(work, top, 2);
    assertEquals(List.of(1, 1, 5, 5, 5, 5), groups.stream().map(List::size).toList());
    assertEquals(22, groups.stream().mapToInt(List::size).sum());
    assertEquals(List.of(5, 5, 5, 5), Sweeps.of(work.subList(0, 20), top, 4).stream().map(List::size).toList());
    assertEquals(List.of(2, 3), Sweeps.of(work.subList(0, 5), top, 2).stream().map(List::size).toList());
    assertTrue(Sweeps.of(work, top.allPairs(), 2).stream().allMatch(g -> g.size() == 1), "every pair a row: alone");
    assertTrue(Sweeps.of(work, top.withThrottle(5), 2).stream().allMatch(g -> g.size() == 1), "paused: alone");
    assertEquals(List.of(1), Sweeps.of(work.subList(0, 1), top, 2).stream().map(List::size).toList());
  }

  private static RefreshInputs.Post post(String id, String error) {
    return new RefreshInputs.Post(id, "sha-" + id, null, error);
  }
}
