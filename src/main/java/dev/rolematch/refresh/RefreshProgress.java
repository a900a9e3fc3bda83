package dev.rolematch.refresh;

/** Progress in pairs; implementations render it (terminal bar, log lines) and must be thread-safe. */
public interface RefreshProgress {
  /** Pairs to score; called once before scoring and again if a top-K posting needs a full rescore. */
  void total(long pairs);

  void advance(long pairs);

  default void finish() {}

  RefreshProgress NONE = new RefreshProgress() {
    @Override
    public void total(long pairs) {}

    @Override
    public void advance(long pairs) {}
  };
}
