package dev.rolematch.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher's top 10 against exhaustive exact scoring on the query benchmark's generated
 * candidates (small, so it runs with the tests; no timings are checked): the pool must hold the
 * true top 10 with float and with int8 vectors.
 */
class QueryBenchOverlapTest {

  @TempDir Path tmp;

  @Test
  void postingTopTenMatchesExhaustiveScoring() throws Exception {
    QueryBench.Row row = new QueryBench().warmup(3).run(tmp.resolve("float"), 3000, false, 5);
    assertTrue(row.matchRecall() >= 0.95, "top-10 overlap " + row.matchRecall());
    assertTrue(row.topicRecall() >= 0.95, "topics' top-10 overlap " + row.topicRecall());
  }

  @Test
  void int8VectorsKeepTheOverlap() throws Exception {
    QueryBench.Row row = new QueryBench().warmup(3).run(tmp.resolve("int8"), 3000, true, 5);
    assertTrue(row.matchRecall() >= 0.95, "top-10 overlap " + row.matchRecall());
  }
}
