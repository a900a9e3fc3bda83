package dev.rolematch.embed;

/**
 * Token ids of a batch padded to its longest text (pad id 0), row-major, with the attention mask
 * (1 on tokens, 0 on padding).
 */
public record PaddedBatch(int size, int length, long[] ids, long[] mask) {

  public static PaddedBatch of(long[][] rows) {
    int len = 0;
    for (long[] row : rows) {
      len = Math.max(len, row.length);
    }
    long[] ids = new long[rows.length * len];
    long[] mask = new long[rows.length * len];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, ids, i * len, rows[i].length);
      java.util.Arrays.fill(mask, i * len, i * len + rows[i].length, 1L);
    }
    return new PaddedBatch(rows.length, len, ids, mask);
  }

  public long[] shape() {
    return new long[] {size, length};
  }
}
