package dev.rolematch.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.rolematch.embed.OnnxWeights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (post-LayerNorm, exact GELU) written in DJL NDArray ops, so it runs on whatever
 * device the PyTorch engine has. Weights are PyTorch-named tensors, e.g. from {@link OnnxWeights}.
 *
 * <p>Two choices matter for speed (measured, see README): q, k and v are fused into one projection,
 * and the 1/sqrt(head_dim) attention scale is folded into the query weights. Every intermediate
 * array of a layer lives in a per-layer {@link NDManager} that is closed before the next layer, so
 * native memory per call is bounded by one layer's activations.
 */
final class BertEncoder implements AutoCloseable {

  private record Layer(
      NDArray qkvW, NDArray qkvB, NDArray attnOutW, NDArray attnOutB, NDArray ln1W, NDArray ln1B,
      NDArray interW, NDArray interB, NDArray outW, NDArray outB, NDArray ln2W, NDArray ln2B) {}

  private final NDManager weights;
  private final NDArray wordEmb;
  private final NDArray posEmb;
  private final NDArray typeEmb;
  private final NDArray embLnW;
  private final NDArray embLnB;
  private final List<Layer> layers = new ArrayList<>();
  private final int hidden;
  private final int heads;
  private final float eps;
  private final boolean meanPooling;
  private final boolean normalize;
  private final int maxPositions;

  BertEncoder(
      Map<String, Tensor> w, NDManager weights, int heads, double eps, boolean meanPooling,
      boolean normalize) {
    this.weights = weights;
    this.heads = heads;
    this.eps = (float) eps;
    this.meanPooling = meanPooling;
    this.normalize = normalize;
    this.wordEmb = array(w, "embeddings.word_embeddings.weight");
    this.posEmb = array(w, "embeddings.position_embeddings.weight");
    this.typeEmb = array(w, "embeddings.token_type_embeddings.weight");
    this.embLnW = array(w, "embeddings.LayerNorm.weight");
    this.embLnB = array(w, "embeddings.LayerNorm.bias");
    this.hidden = (int) wordEmb.getShape().get(1);
    this.maxPositions = (int) posEmb.getShape().get(0);
    if (hidden % heads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hidden + " is not divisible by attention_heads " + heads);
    }
    float scale = (float) (1.0 / Math.sqrt(hidden / (double) heads));
    for (int i = 0; w.containsKey("encoder.layer." + i + ".attention.self.query.bias"); i++) {
      String p = "encoder.layer." + i + ".";
      Tensor qw = scaled(tensor(w, p + "attention.self.query.weight"), scale);
      Tensor qb = scaled(tensor(w, p + "attention.self.query.bias"), scale);
      Tensor qkvW =
          concatRows(qw, tensor(w, p + "attention.self.key.weight"), tensor(w, p + "attention.self.value.weight"));
      Tensor qkvB =
          concatRows(qb, tensor(w, p + "attention.self.key.bias"), tensor(w, p + "attention.self.value.bias"));
      layers.add(
          new Layer(
              create(qkvW), create(qkvB),
              array(w, p + "attention.output.dense.weight"), array(w, p + "attention.output.dense.bias"),
              array(w, p + "attention.output.LayerNorm.weight"), array(w, p + "attention.output.LayerNorm.bias"),
              array(w, p + "intermediate.dense.weight"), array(w, p + "intermediate.dense.bias"),
              array(w, p + "output.dense.weight"), array(w, p + "output.dense.bias"),
              array(w, p + "output.LayerNorm.weight"), array(w, p + "output.LayerNorm.bias")));
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no encoder layers found in the weights (not a BERT model?)");
    }
  }

  int hiddenSize() {
    return hidden;
  }

  int maxPositions() {
    return maxPositions;
  }

  /**
   * Encodes one padded batch and returns pooled (and, if configured, L2-normalised) vectors.
   *
   * @param ids token ids, one row per text, unpadded
   * @param batch manager that owns every array of this call; the caller closes it
   */
  float[][] forward(long[][] ids, NDManager batch) {
    if (ai.djl.pytorch.jni.JniUtils.isGradMode()) {
      ai.djl.pytorch.jni.JniUtils.setGradMode(false); // thread-local in libtorch: inference only
    }
    PaddedBatch padded = PaddedBatch.of(ids);
    int b = padded.size();
    int len = padded.length();
    Shape hiddenShape = new Shape(hidden);
    NDArray inputIds = batch.create(padded.ids(), new Shape(padded.shape()));
    NDArray mask = batch.create(padded.mask(), new Shape(padded.shape())).toType(DataType.FLOAT32, false);
    NDArray positions = batch.arange(0, len, 1, DataType.INT64);
    NDArray types = batch.zeros(new Shape(b, len), DataType.INT64);
    // Additive attention mask: 0 where attended, a large negative number on padding.
    NDArray maskBias = mask.sub(1f).mul(1e9f).reshape(b, 1, 1, len);

    NDArray x =
        Embedding.embedding(inputIds, wordEmb, SparseFormat.DENSE).head()
            .add(Embedding.embedding(positions, posEmb, SparseFormat.DENSE).head())
            .add(Embedding.embedding(types, typeEmb, SparseFormat.DENSE).head());
    x = LayerNorm.layerNorm(x, hiddenShape, embLnW, embLnB, eps).head();

    int headDim = hidden / heads;
    for (Layer l : layers) {
      try (NDManager scope = batch.newSubManager()) {
        x.attach(scope); // ops on x now allocate in scope; only the layer output survives it
        NDArray qkv =
            Linear.linear(x, l.qkvW, l.qkvB).head().reshape(b, len, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).add(maskBias).softmax(-1);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, len, hidden);
        NDArray attnOut = Linear.linear(context, l.attnOutW, l.attnOutB).head();
        NDArray h = LayerNorm.layerNorm(attnOut.add(x), hiddenShape, l.ln1W, l.ln1B, eps).head();
        NDArray inter = Activation.gelu(Linear.linear(h, l.interW, l.interB).head());
        NDArray out = Linear.linear(inter, l.outW, l.outB).head();
        NDArray next = LayerNorm.layerNorm(out.add(h), hiddenShape, l.ln2W, l.ln2B, eps).head();
        next.attach(batch);
        x = next;
      }
    }

    NDArray pooled;
    if (meanPooling) {
      NDArray summed = x.mul(mask.expandDims(2)).sum(new int[] {1});
      pooled = summed.div(mask.sum(new int[] {1}, true).clip(1e-9f, Float.MAX_VALUE));
    } else {
      pooled = x.get(":, 0, :");
    }
    if (normalize) {
      pooled = pooled.div(pooled.norm(new int[] {1}, true).clip(1e-12f, Float.MAX_VALUE));
    }
    float[] flat = pooled.toFloatArray();
    float[][] result = new float[b][hidden];
    for (int i = 0; i < b; i++) {
      System.arraycopy(flat, i * hidden, result[i], 0, hidden);
    }
    return result;
  }

  private NDArray array(Map<String, Tensor> w, String name) {
    return create(tensor(w, name));
  }

  private NDArray create(Tensor t) {
    return weights.create(t.data(), new Shape(t.shape()));
  }

  /** A named weight of the ONNX file, or a clear error (shared with {@link FusedBertWriter}). */
  static Tensor tensor(Map<String, Tensor> w, String name) {
    Tensor t = w.get(name);
    if (t == null) {
      throw new IllegalArgumentException("weight '" + name + "' is missing (not a BERT model?)");
    }
    return t;
  }

  private static Tensor scaled(Tensor t, float s) {
    float[] d = t.data().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] *= s;
    }
    return new Tensor(t.shape(), d);
  }

  /** Stacks tensors along their first axis (weights [out, in] or biases [out]); shared with {@link FusedBertWriter}. */
  static Tensor concatRows(Tensor... parts) {
    int total = 0;
    long rows = 0;
    for (Tensor t : parts) {
      total += t.data().length;
      rows += t.shape()[0];
    }
    float[] d = new float[total];
    int at = 0;
    for (Tensor t : parts) {
      System.arraycopy(t.data(), 0, d, at, t.data().length);
      at += t.data().length;
    }
    long[] shape = parts[0].shape().clone();
    shape[0] = rows;
    return new Tensor(shape, d);
  }

  @Override
  public void close() {
    weights.close();
  }
}
