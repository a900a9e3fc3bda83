package dev.rolematch.embed;

import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much arithmetic a BERT-family encoder costs per token, from its weights: the encoder
 * layers' weights (embeddings are lookups, not arithmetic), their count and width. A token costs
 * {@code 2 × encoderWeights} flops in the dense layers (one multiply-add per weight) plus {@code
 * 4 × layers × hidden × length} in attention (scores and the weighted sum), which is what {@code
 * bench embed} divides by to say how close an engine runs to the machine's peak.
 */
public record EncoderSize(long encoderWeights, int layers, int hidden) {

  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

  /** Flops per token at a sequence length: dense layers plus attention. */
  public double flopsPerToken(double length) {
    return 2.0 * encoderWeights + 4.0 * layers * hidden * length;
  }

  /** The size of an {@code onnx-bert} model (its weights are read; nothing runs). */
  public static EncoderSize of(ModelDescriptor d) throws IOException {
    if (!ModelDescriptor.FORMAT_ONNX_BERT.equals(d.format())) {
      throw new IllegalArgumentException("model '" + d.id() + "' is " + d.format()
          + ": its encoder size is read from ONNX weights (format " + ModelDescriptor.FORMAT_ONNX_BERT + ")");
    }
    Map<String, OnnxWeights.Tensor> weights = OnnxWeights.read(FileSources.readAll(d.weights(), d.baseDir()));
    long n = 0;
    TreeSet<Integer> layers = new TreeSet<>();
    int hidden = 0;
    for (var e : weights.entrySet()) {
      Matcher m = LAYER.matcher(e.getKey());
      if (!m.find()) {
        continue;
      }
      layers.add(Integer.parseInt(m.group(1)));
      long size = 1;
      for (long s : e.getValue().shape()) {
        size *= s;
      }
      n += size;
      if (e.getKey().endsWith("attention.output.LayerNorm.weight")) {
        hidden = (int) e.getValue().shape()[0];
      }
    }
    if (layers.isEmpty()) {
      throw new IOException("no encoder layers in the weights of '" + d.id() + "' (not a BERT model?)");
    }
    return new EncoderSize(n, layers.size(), hidden);
  }
}
