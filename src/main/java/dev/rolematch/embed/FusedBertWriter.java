package dev.rolematch.embed;

import dev.rolematch.embed.OnnxWeights.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a BERT encoder (post-LayerNorm, exact GELU, the same math as {@link BertEncoder}) as a
 * TorchScript module whose code calls PyTorch's fused kernels, with the weights {@link
 * OnnxWeights} read from the ONNX file. The module takes {@code (input_ids, attention_mask)}, int64
 * [batch, len], and returns pooled (and, if the descriptor says so, L2-normalised) sentence
 * vectors [batch, hidden].
 *
 * <p>Three kernels:
 *
 * <ul>
 *   <li>{@link Kernel#ONEDNN} (the default on the CPU): attention as in {@link Kernel#SDPA}, and
 *       every linear layer as oneDNN's inner product ({@code mkldnn::_linear_pointwise}) on
 *       weights reordered once into oneDNN's blocked layout, with the bias and the exact GELU, or
 *       the bias and the residual, applied in the same call. oneDNN picks its kernels by the CPU's
 *       instruction set, where MKL's GEMM behind {@code aten::linear} runs a generic path on
 *       non-Intel CPUs.
 *   <li>{@link Kernel#SDPA}: per layer one fused q/k/v projection, {@code
 *       aten::scaled_dot_product_attention} (one attention kernel instead of matmul, mask add,
 *       softmax, matmul) with a boolean key mask, then linear, residual + LayerNorm, linear, exact
 *       GELU, linear, residual + LayerNorm.
 *   <li>{@link Kernel#LAYER}: the hidden states become a nested tensor ({@code
 *       aten::_nested_tensor_from_mask}: padding is dropped, so it costs nothing) and each layer is
 *       one {@code aten::_transformer_encoder_layer_fwd} call, the kernel behind {@code
 *       nn.TransformerEncoderLayer} in eval mode: post-norm when {@code norm_first} is false,
 *       {@code use_gelu} is the exact (erf) GELU, LayerNorm eps as given, q scaled by
 *       1/sqrt(head_dim) inside the kernel.
 * </ul>
 *
 * <p>The archive declares file format version 3, so libtorch applies its upgraders for old files
 * to two of the operators used: {@code div} (true division when either side is floating point, as
 * both are here) and {@code gelu} without an argument (the exact erf GELU). The parity tests
 * against ONNX Runtime confirm the loaded module computes what is written here.
 */
final class FusedBertWriter {

  /** Bump when the generated code or layout changes: it is part of the cache key. */
  static final int VERSION = 3;

  /** The attribute holding the int8 layers' prepacked weights (filled on the first forward). */
  static final String PACKED = "packed";

  /** TorchScript's name of the prepacked int8 weights (a custom class, not a tensor). */
  private static final String PACKED_TYPE = "__torch__.torch.classes.quantized.LinearPackedParamsBase";

  /** Linear layers per encoder layer in prepack order: q/k/v, attention output, intermediate, output. */
  private static final String[] LINEARS = {"qkv", "ao", "in", "out"};

  static final String CLASS_NAME = "FusedBert";

  enum Kernel {
    SDPA,
    LAYER,
    ONEDNN;

    static Kernel parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown fused kernel '" + s + "' (expected sdpa, layer or onednn)");
      }
    }
  }

  private FusedBertWriter() {}

  /** Writes the whole archive for the weights (PyTorch names, as {@link OnnxWeights} returns). */
  static void write(
      OutputStream out, Map<String, Tensor> w, int heads, double eps, boolean meanPooling,
      boolean normalize, Kernel kernel) throws IOException {
    write(out, w, heads, eps, meanPooling, normalize, kernel, false);
  }

  /**
   * The archive; with {@code int8} every linear layer runs as {@code quantized::linear_dynamic}
   * (int8 weights quantised per output channel, activations quantised per call): only with the
   * {@link Kernel#SDPA} kernel.
   */
  static void write(
      OutputStream out, Map<String, Tensor> w, int heads, double eps, boolean meanPooling,
      boolean normalize, Kernel kernel, boolean int8) throws IOException {
    if (int8 && kernel != Kernel.SDPA) {
      throw new IllegalArgumentException("int8 quantisation runs only with the sdpa kernel");
    }
    LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    params.put("word", BertEncoder.tensor(w, "embeddings.word_embeddings.weight"));
    params.put("pos", BertEncoder.tensor(w, "embeddings.position_embeddings.weight"));
    params.put("type", BertEncoder.tensor(w, "embeddings.token_type_embeddings.weight"));
    params.put("emb_ln_w", BertEncoder.tensor(w, "embeddings.LayerNorm.weight"));
    params.put("emb_ln_b", BertEncoder.tensor(w, "embeddings.LayerNorm.bias"));
    int hidden = (int) params.get("word").shape()[1];
    if (hidden % heads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hidden + " is not divisible by attention_heads " + heads);
    }
    int layers = 0;
    for (; w.containsKey("encoder.layer." + layers + ".attention.self.query.bias"); layers++) {
      String p = "encoder.layer." + layers + ".";
      String q = "l" + layers + "_";
      params.put(q + "qkv_w", BertEncoder.concatRows(BertEncoder.tensor(w, p + "attention.self.query.weight"),
          BertEncoder.tensor(w, p + "attention.self.key.weight"), BertEncoder.tensor(w, p + "attention.self.value.weight")));
      params.put(q + "qkv_b", BertEncoder.concatRows(BertEncoder.tensor(w, p + "attention.self.query.bias"),
          BertEncoder.tensor(w, p + "attention.self.key.bias"), BertEncoder.tensor(w, p + "attention.self.value.bias")));
      params.put(q + "ao_w", BertEncoder.tensor(w, p + "attention.output.dense.weight"));
      params.put(q + "ao_b", BertEncoder.tensor(w, p + "attention.output.dense.bias"));
      params.put(q + "ln1_w", BertEncoder.tensor(w, p + "attention.output.LayerNorm.weight"));
      params.put(q + "ln1_b", BertEncoder.tensor(w, p + "attention.output.LayerNorm.bias"));
      params.put(q + "in_w", BertEncoder.tensor(w, p + "intermediate.dense.weight"));
      params.put(q + "in_b", BertEncoder.tensor(w, p + "intermediate.dense.bias"));
      params.put(q + "out_w", BertEncoder.tensor(w, p + "output.dense.weight"));
      params.put(q + "out_b", BertEncoder.tensor(w, p + "output.dense.bias"));
      params.put(q + "ln2_w", BertEncoder.tensor(w, p + "output.LayerNorm.weight"));
      params.put(q + "ln2_b", BertEncoder.tensor(w, p + "output.LayerNorm.bias"));
    }
    if (layers == 0) {
      throw new IllegalArgumentException("no encoder layers found in the weights (not a BERT model?)");
    }
    String code = code(params, layers, hidden, heads, eps, meanPooling, normalize, kernel, int8);
    TorchScriptArchive.write(out, CLASS_NAME, code, params, prepacked(kernel, int8) ? List.of(PACKED) : List.of());
  }

  /** The module's TorchScript source (serialised dialect: {@code torch.*} are aten operators). */
  static String code(
      Map<String, Tensor> params, int layers, int hidden, int heads, double eps,
      boolean meanPooling, boolean normalize, Kernel kernel, boolean int8) {
    String e = String.format(Locale.ROOT, "%.17g", eps);
    StringBuilder c = new StringBuilder();
    c.append("class ").append(CLASS_NAME).append("(Module):\n");
    c.append("  __parameters__ = [");
    for (String name : params.keySet()) {
      c.append('"').append(name).append("\", ");
    }
    c.append("]\n  __buffers__ = []\n");
    for (String name : params.keySet()) {
      c.append("  ").append(name).append(" : Tensor\n");
    }
    c.append("  training : bool\n");
    boolean prepacked = prepacked(kernel, int8);
    if (prepacked) {
      c.append("  ").append(PACKED).append(" : List[").append(int8 ? PACKED_TYPE : "Tensor").append("]\n");
    }
    c.append("  def forward(self: __torch__.").append(CLASS_NAME)
        .append(",\n    input_ids: Tensor,\n    attention_mask: Tensor) -> Tensor:\n");
    if (prepacked) {
      // Prepacked weights cannot be pickled by this writer: they are made from the float weights
      // on the first call (FusedBertForward makes that call once, before any caller can).
      c.append("    if torch.eq(torch.len(self.").append(PACKED).append("), 0):\n");
      c.append("      _0 = (self).prepack()\n");
      c.append("    else:\n      pass\n");
    }
    c.append("    b = torch.size(input_ids, 0)\n");
    c.append("    n = torch.size(input_ids, 1)\n");
    c.append("    x = torch.embedding(self.word, input_ids)\n");
    c.append("    x = torch.add(x, torch.slice(self.pos, 0, 0, n))\n");
    c.append("    x = torch.add(x, torch.select(self.type, 0, 0))\n");
    c.append("    x = torch.layer_norm(x, [").append(hidden).append("], self.emb_ln_w, self.emb_ln_b, ")
        .append(e).append(")\n");
    c.append("    valid = torch.gt(attention_mask, 0)\n");
    if (kernel != Kernel.LAYER) {
      // No padding (one text, or texts of one length): no mask, so attention takes its unmasked path.
      c.append("    if bool(torch.all(valid)):\n");
      c.append("      mask : Optional[Tensor] = None\n");
      c.append("    else:\n");
      c.append("      mask = torch.unsqueeze(torch.unsqueeze(valid, 1), 1)\n");
      for (int i = 0; i < layers; i++) {
        c.append("    x = self.layer(x, mask");
        for (String s : layerParams(kernel, int8)) {
          if (s.startsWith("p_")) {
            int slot = i * LINEARS.length + List.of(LINEARS).indexOf(s.substring(2));
            c.append(", self.").append(PACKED).append('[').append(slot).append(']');
          } else {
            c.append(", self.l").append(i).append('_').append(s);
          }
        }
        c.append(")\n");
      }
    } else {
      c.append("    h = torch._nested_tensor_from_mask(x, valid, False)\n");
      for (int i = 0; i < layers; i++) {
        String l = "self.l" + i + "_";
        c.append("    h = torch._transformer_encoder_layer_fwd(h, ").append(hidden).append(", ")
            .append(heads).append(", ")
            .append(l).append("qkv_w, ").append(l).append("qkv_b, ")
            .append(l).append("ao_w, ").append(l).append("ao_b, True, False, ").append(e).append(", ")
            .append(l).append("ln1_w, ").append(l).append("ln1_b, ")
            .append(l).append("ln2_w, ").append(l).append("ln2_b, ")
            .append(l).append("in_w, ").append(l).append("in_b, ")
            .append(l).append("out_w, ").append(l).append("out_b, None, None)\n");
      }
      c.append("    x = torch.to_padded_tensor(h, 0., [b, n, ").append(hidden).append("])\n");
    }
    if (meanPooling) {
      c.append("    m = torch.unsqueeze(torch.to(attention_mask, 6), -1)\n");
      c.append("    s = torch.sum(torch.mul(x, m), [1])\n");
      c.append("    v = torch.div(s, torch.clamp_min(torch.sum(m, [1]), 1.0000000000000001e-09))\n");
    } else {
      c.append("    v = torch.select(x, 1, 0)\n");
    }
    if (normalize) {
      c.append("    norms = torch.linalg_vector_norm(v, 2, [1], True)\n");
      c.append("    v = torch.div(v, torch.clamp_min(norms, 9.9999999999999998e-13))\n");
    }
    c.append("    return v\n");
    if (kernel != Kernel.LAYER) {
      int headDim = hidden / heads;
      c.append("  def layer(self: __torch__.").append(CLASS_NAME)
          .append(",\n    x: Tensor,\n    mask: Optional[Tensor]");
      for (String s : layerParams(kernel, int8)) {
        c.append(",\n    ").append(s).append(": ").append(s.startsWith("p_") && int8 ? PACKED_TYPE : "Tensor");
      }
      c.append(") -> Tensor:\n");
      c.append("    b = torch.size(x, 0)\n");
      c.append("    n = torch.size(x, 1)\n");
      String qkv = kernel == Kernel.ONEDNN
          ? onednn("x", "qkv", "\"none\", " + NO_SCALARS + ", None")
          : linear(int8, "x", "qkv");
      c.append("    qkv = torch.view(").append(qkv).append(", [b, n, 3, ").append(heads).append(", ")
          .append(headDim).append("])\n");
      c.append("    qkv = torch.permute(qkv, [2, 0, 3, 1, 4])\n");
      c.append("    q = torch.select(qkv, 0, 0)\n");
      c.append("    k = torch.select(qkv, 0, 1)\n");
      c.append("    v = torch.select(qkv, 0, 2)\n");
      c.append("    a = torch.scaled_dot_product_attention(q, k, v, mask, 0., False)\n");
      c.append("    a = torch.reshape(torch.transpose(a, 1, 2), [b, n, ").append(hidden).append("])\n");
      if (kernel == Kernel.ONEDNN) {
        // oneDNN adds the bias and the residual (or applies the exact GELU) in the GEMM's epilogue.
        c.append("    h = ").append(onednnAdd("a", "x", "ao")).append("\n");
        c.append("    h = torch.layer_norm(h, [").append(hidden).append("], ln1_w, ln1_b, ").append(e).append(")\n");
        c.append("    g = ").append(onednn("h", "in", "\"gelu\", " + NO_SCALARS + ", \"none\"")).append("\n");
        c.append("    f = ").append(onednnAdd("g", "h", "out")).append("\n");
      } else {
        c.append("    h = torch.add(").append(linear(int8, "a", "ao")).append(", x)\n");
        c.append("    h = torch.layer_norm(h, [").append(hidden).append("], ln1_w, ln1_b, ").append(e).append(")\n");
        c.append("    f = ").append(linear(int8, "torch.gelu(" + linear(int8, "h", "in") + ")", "out")).append("\n");
        c.append("    f = torch.add(f, h)\n");
      }
      c.append("    return torch.layer_norm(f, [").append(hidden).append("], ln2_w, ln2_b, ").append(e).append(")\n");
    }
    if (int8) {
      prepack(c, layers);
    } else if (prepacked) {
      prepackOnednn(c, layers);
    }
    return c.toString();
  }

  /** One linear layer's call: float {@code aten::linear}, or int8 with the layer's prepacked weights. */
  private static String linear(boolean int8, String x, String name) {
    return int8
        ? "ops.quantized.linear_dynamic(" + x + ", p_" + name + ", False)"
        : "torch.linear(" + x + ", " + name + "_w, " + name + "_b)";
  }

  /** An empty {@code Scalar?[]}: the unary fusions used here take no scalar arguments. */
  private static final String NO_SCALARS = "annotate(List[Optional[number]], [])";

  /** {@code mkldnn::_linear_pointwise}: x·Wᵀ + b, then the named unary post-op, on prepacked weights. */
  private static String onednn(String x, String name, String attr) {
    return "ops.mkldnn._linear_pointwise(" + x + ", p_" + name + ", " + name + "_b, " + attr + ")";
  }

  /** {@code mkldnn::_linear_pointwise.binary}: x·Wᵀ + b + residual in one oneDNN call. */
  private static String onednnAdd(String x, String residual, String name) {
    return "ops.mkldnn._linear_pointwise(" + x + ", " + residual + ", p_" + name + ", " + name + "_b, \"add\")";
  }

  /** Whether the module keeps prepacked weights in {@link #PACKED}. */
  private static boolean prepacked(Kernel kernel, boolean int8) {
    return int8 || kernel == Kernel.ONEDNN;
  }

  private static String[] layerParams(Kernel kernel, boolean int8) {
    return int8 ? LAYER_PARAMS_INT8 : kernel == Kernel.ONEDNN ? LAYER_PARAMS_ONEDNN : LAYER_PARAMS;
  }

  /**
   * {@code prepack()} for the oneDNN kernel: each linear weight reordered once into oneDNN's
   * blocked layout ({@code mkldnn::_reorder_linear_weight}, no batch size: the layout suits any
   * number of rows), so no call repacks it.
   */
  private static void prepackOnednn(StringBuilder c, int layers) {
    c.append("  def prepack(self: __torch__.").append(CLASS_NAME).append(") -> None:\n");
    int n = 0;
    for (int i = 0; i < layers; i++) {
      for (String l : LINEARS) {
        c.append("    _").append(n++).append(" = torch.append(self.").append(PACKED)
            .append(", ops.mkldnn._reorder_linear_weight(self.l").append(i).append('_').append(l).append("_w, None))\n");
      }
    }
    c.append("    return None\n");
  }

  /**
   * {@code prepack()} fills {@link #PACKED}: each linear layer's weight quantised symmetrically
   * per output channel (scale = max |w| / 127, zero point 0) and prepacked with its float bias.
   * Activations are quantised per call over the full 8 bits ({@code reduce_range=False}): on
   * STS-B that loses 0.003 Spearman (MiniLM) where the 7-bit range loses 0.009, and FBGEMM's
   * 16-bit saturation on CPUs without VNNI costs 0.0005 more (measured with
   * FBGEMM_ENABLE_INSTRUCTIONS=AVX2, see README, Speed).
   */
  private static void prepack(StringBuilder c, int layers) {
    c.append("  def prepack(self: __torch__.").append(CLASS_NAME).append(") -> None:\n");
    int n = 0;
    for (int i = 0; i < layers; i++) {
      for (String l : LINEARS) {
        c.append("    _").append(n++).append(" = torch.append(self.").append(PACKED).append(", (self).q8(self.l")
            .append(i).append('_').append(l).append("_w, self.l").append(i).append('_').append(l).append("_b))\n");
      }
    }
    c.append("    return None\n");
    c.append("  def q8(self: __torch__.").append(CLASS_NAME).append(",\n    w: Tensor,\n    b: Tensor) -> ")
        .append(PACKED_TYPE).append(":\n");
    c.append("    s = torch.div(torch.clamp_min(torch.amax(torch.abs(w), [1]), 1.0000000000000001e-08), 127.)\n");
    c.append("    z = torch.zeros_like(s, dtype=4)\n");
    c.append("    q = torch.quantize_per_channel(w, torch.to(s, 7), z, 0, 12)\n");
    c.append("    return ops.quantized.linear_prepack(q, b)\n");
  }

  private static final String[] LAYER_PARAMS = {
    "qkv_w", "qkv_b", "ao_w", "ao_b", "ln1_w", "ln1_b", "in_w", "in_b", "out_w", "out_b", "ln2_w", "ln2_b"
  };

  /** The oneDNN layer's arguments: prepacked weights ({@code p_}), float biases and the LayerNorms. */
  private static final String[] LAYER_PARAMS_ONEDNN = {
    "p_qkv", "qkv_b", "p_ao", "ao_b", "ln1_w", "ln1_b", "p_in", "in_b", "p_out", "out_b", "ln2_w", "ln2_b"
  };

  /** The int8 layer's arguments: prepacked linear layers ({@code p_}) and the LayerNorms. */
  private static final String[] LAYER_PARAMS_INT8 = {
    "p_qkv", "p_ao", "ln1_w", "ln1_b", "p_in", "p_out", "ln2_w", "ln2_b"
  };
}
