package dev.rolematch.embed;

import ai.djl.ndarray.NDManager;

/** The model half of an embedder: one padded batch of token ids in, pooled vectors out. */
public interface BatchForward extends AutoCloseable {

  /**
   * @param ids token ids per text (special tokens included, already truncated), unpadded
   * @param batch owns every NDArray created for this call; closed by the caller afterwards
   */
  float[][] forward(long[][] ids, NDManager batch);

  @Override
  void close();
}
