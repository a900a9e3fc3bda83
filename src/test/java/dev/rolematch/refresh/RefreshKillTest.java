package dev.rolematch.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.cli.Main;
import dev.rolematch.index.IndexLayout;
import dev.rolematch.index.RoleIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A refresh in a child JVM (the real CLI) is killed with SIGKILL mid-run; while it ran, a second
 * refresh was refused with exit code 3; the rerun finishes only the remaining work, and the rows
 * equal those of an uninterrupted run on a copy of the index.
 */
class RefreshKillTest {

  @TempDir Path tmp;

  static final int POSTINGS = 30;
  static final int RESUMES = 120;

  @Test
  void killedRunResumesToTheSameRowsAndALiveRunHoldsTheLock() throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("index"));
    IndexLayout copy = new IndexLayout(tmp.resolve("copy"));
    Fixtures.index(layout, RESUMES, POSTINGS).close();
    Fixtures.copyTree(layout.docs(), copy.docs());

    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "refresh", "--index", layout.root().toString(), "--all-pairs", "--threads", "1", "--throttle-ms", "150"));
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int committed;
    try {
      committed = waitForCommittedPostings(layout, 4, child);
      // The child holds the lock: a second refresh exits at once with code 3.
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      PrintStreamCapture cap = new PrintStreamCapture();
      int code;
      try {
        code = cl.execute("refresh", "--index", layout.root().toString());
      } finally {
        cap.close();
      }
      assertEquals(3, code, cap.err());
      assertTrue(cap.err().contains("another refresh is running"), cap.err());
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(committed < POSTINGS, "killed mid-run: " + committed + " postings committed\n" + Files.readString(log));

    RefreshSummary resumed;
    try (RoleIndex index = RoleIndex.openForRead(layout)) {
      resumed = Fixtures.refresher(index).run(Fixtures.options().allPairs(), RefreshProgress.NONE);
    }
    try (RoleIndex index = RoleIndex.openForRead(copy)) {
      RefreshSummary whole = Fixtures.refresher(index).run(Fixtures.options().allPairs(), RefreshProgress.NONE);
      assertEquals(POSTINGS * RESUMES, whole.scored());
    }
    assertEquals(POSTINGS * RESUMES, resumed.scored() + resumed.fresh());
    assertTrue(resumed.fresh() >= (long) committed * RESUMES, "committed work is not redone: " + resumed);
    assertTrue(resumed.scored() < POSTINGS * RESUMES, resumed.toString());

    TreeMap<String, ScoreRow> rows = Fixtures.rows(layout); // fails on a duplicate pair
    TreeMap<String, ScoreRow> expected = Fixtures.rows(copy);
    assertEquals(POSTINGS * RESUMES, rows.size());
    assertEquals(Fixtures.comparable(expected), Fixtures.comparable(rows));
    for (ScoreRow r : rows.values()) {
      assertTrue(r.ok() && r.score() != null && r.evidence() != null && r.computedAt() != null
          && r.resumeSha256() != null && r.postingSha256() != null, r.toString());
    }
  }

  /** Waits until the child has committed at least {@code min} posting states; returns how many. */
  private static int waitForCommittedPostings(IndexLayout layout, int min, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("child exited early with " + child.exitValue());
      }
      if (Files.isDirectory(layout.scores())) {
        try (FSDirectory d = FSDirectory.open(layout.scores())) {
          if (DirectoryReader.indexExists(d)) {
            try (DirectoryReader r = DirectoryReader.open(d)) {
              int n = ScoresStore.states(r).size();
              if (n >= min) {
                return n;
              }
            }
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("child made no progress");
  }

  /** Captures System.out/err of an in-process CLI call. */
  private static final class PrintStreamCapture implements AutoCloseable {
    private final java.io.PrintStream out = System.out;
    private final java.io.PrintStream errStream = System.err;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    PrintStreamCapture() {
      java.io.PrintStream p = new java.io.PrintStream(buf, true);
      System.setOut(p);
      System.setErr(p);
    }

    String err() {
      return buf.toString();
    }

    @Override
    public void close() {
      System.setOut(out);
      System.setErr(errStream);
    }
  }
}
