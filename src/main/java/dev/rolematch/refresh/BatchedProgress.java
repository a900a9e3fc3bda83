package dev.rolematch.refresh;

/** Counts pairs per worker thread and reports them in batches, so progress costs nothing per pair. */
final class BatchedProgress {
  private static final int BATCH = 256;

  private final RefreshProgress progress;
  private final ThreadLocal<int[]> ticks = ThreadLocal.withInitial(() -> new int[1]);

  BatchedProgress(RefreshProgress progress) {
    this.progress = progress;
  }

  void tick() {
    int[] t = ticks.get();
    if (++t[0] == BATCH) {
      progress.advance(t[0]);
      t[0] = 0;
    }
  }

  /** Reports this thread's pairs not yet reported. */
  void flush() {
    int[] t = ticks.get();
    if (t[0] > 0) {
      progress.advance(t[0]);
      t[0] = 0;
    }
  }
}
