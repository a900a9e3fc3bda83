package dev.rolematch.refresh;

import dev.rolematch.index.RoleIndexWriter;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.bench.RefreshBench;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndex;
import dev.rolematch.index.StoredDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A posting indexed before empty postings were refused (no requirement chunks) fails in refresh
 * with advice that can help: remove it, or re-add it with its requirements (re-adding the same
 * file would give the same empty posting).
 */
class EmptyPostingAdviceTest {

  @TempDir Path tmp;

  @Test
  void legacyPostingWithoutRequirementsGetsUsefulAdvice() throws Exception {
    IndexLayout l = new IndexLayout(tmp.resolve("index"));
    try (RoleIndexWriter index = Fixtures.index(l, 4, 1)) {
      StoredDocument p = RefreshBench.posting("headings-only", new Random(7));
      index.upsert(new StoredDocument(p.id(), p.kind(), p.title(), p.source(), "What we need to see", p.sha256(),
          p.metadata(), List.of(), p.docVector(), List.of()));
      index.commit();
      RefreshSummary s = Fixtures.refresher(index).run(Fixtures.options().allPairs(), RefreshProgress.NONE);
      assertTrue(s.failures().stream().anyMatch(f -> "headings-only".equals(f.postingId())
          && f.reason().contains("no requirements") && f.reason().contains("./rolematch remove headings-only")
          && f.reason().contains("with its requirements")), s.failures().toString());
      assertTrue(s.failures().stream().noneMatch(f -> f.reason().contains("re-add it with ./rolematch add")),
          s.failures().toString());
    }
  }
}
