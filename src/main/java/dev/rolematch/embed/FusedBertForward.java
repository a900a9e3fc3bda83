package dev.rolematch.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fused encoder: the ONNX model's BERT weights written once as a TorchScript module by {@link
 * FusedBertWriter} (cached, keyed by a hash of the descriptor, the weights, the kernel and the
 * writer's version) and run by DJL's PyTorch engine, so a forward pass is one native call into
 * libtorch's fused kernels instead of ~120 NDArray calls. Same interface and same math as {@link
 * BertEncoder}, which stays the fallback and the oracle (parity tests).
 */
final class FusedBertForward implements BatchForward {

  private static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";

  private final ZooModel<NDList, NDList> model;
  private final int dimension;

  private FusedBertForward(ZooModel<NDList, NDList> model, int dimension) {
    this.model = model;
    this.dimension = dimension;
  }

  /** Where archives are cached: {@code rolematch.cache}, else {@code $XDG_CACHE_HOME/rolematch}, else ~/.cache/rolematch. */
  static Path cacheDir() {
    String dir = System.getProperty("rolematch.cache");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("rolematch");
  }

  static FusedBertForward load(
      ModelDescriptor d, byte[] onnx, Device device, FusedBertWriter.Kernel kernel) throws IOException {
    if (d.int8() && !Device.Type.CPU.equals(device.getDeviceType())) {
      throw new IllegalArgumentException("model '" + d.id() + "' is quantised to int8, which runs on the CPU only: "
          + "use --device cpu, or its float model on " + device);
    }
    boolean cpu = Device.Type.CPU.equals(device.getDeviceType());
    if (d.int8() || (kernel == FusedBertWriter.Kernel.ONEDNN && !cpu)) {
      kernel = FusedBertWriter.Kernel.SDPA; // oneDNN is the CPU's library; int8 carries its own linears
    }
    try {
      return loadKernel(d, onnx, device, kernel);
    } catch (IOException | RuntimeException e) {
      if (kernel != FusedBertWriter.Kernel.ONEDNN) {
        throw e;
      }
      // A libtorch build without oneDNN (or an op it refuses on this CPU) still has aten::linear.
      System.err.println("rolematch: the oneDNN kernel of the fused encoder failed to load ("
          + e.getMessage().lines().findFirst().orElse("") + "); using the sdpa kernel");
      return loadKernel(d, onnx, device, FusedBertWriter.Kernel.SDPA);
    }
  }

  private static FusedBertForward loadKernel(
      ModelDescriptor d, byte[] onnx, Device device, FusedBertWriter.Kernel kernel) throws IOException {
    Path file = archive(d, onnx, kernel);
    FusedBertForward forward;
    try {
      forward = new FusedBertForward(TorchScriptForward.loadModel(file, device), d.dimension());
    } catch (ModelNotFoundException | MalformedModelException | EngineException e) {
      throw new IOException("cannot load the fused encoder " + file + ": " + e.getMessage(), e);
    }
    if (d.int8() || kernel == FusedBertWriter.Kernel.ONEDNN) {
      // The module prepacks its weights on its first call: make that call here, once, so
      // concurrent callers never race to fill the list.
      try (NDManager warmup = NDManager.newBaseManager(device, "PyTorch")) {
        forward.forward(new long[][] {{0L}}, warmup);
      } catch (RuntimeException e) {
        forward.close();
        throw e;
      }
    }
    return forward;
  }

  /** The cached archive for this model and kernel, written (atomically) when missing. */
  static Path archive(ModelDescriptor d, byte[] onnx, FusedBertWriter.Kernel kernel) throws IOException {
    String key = key(d, onnx, kernel);
    Path dir = cacheDir().resolve("fused");
    Path file = dir.resolve(d.id() + "-" + kernel.name().toLowerCase(java.util.Locale.ROOT) + "-"
        + key.substring(0, 16) + ".pt");
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      java.util.Map<String, OnnxWeights.Tensor> weights = OnnxWeights.read(onnx);
      check(d, weights); // the key covers the descriptor and weights: a cached archive was checked
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
        FusedBertWriter.write(out, weights, d.attentionHeads(), d.layerNormEps(),
            d.meanPooling(), d.normalize(), kernel, d.int8());
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /** The same checks as the op-by-op encoder's: dimension and position embeddings. */
  private static void check(ModelDescriptor d, java.util.Map<String, OnnxWeights.Tensor> w) {
    OnnxWeights.Tensor word = w.get("embeddings.word_embeddings.weight");
    OnnxWeights.Tensor pos = w.get("embeddings.position_embeddings.weight");
    if (word == null || pos == null) {
      throw new IllegalArgumentException("weight 'embeddings.word_embeddings.weight' or "
          + "'embeddings.position_embeddings.weight' is missing (not a BERT model?)");
    }
    if (word.cols() != d.dimension()) {
      throw new IllegalArgumentException(
          "model '" + d.id() + "' declares dimension " + d.dimension() + " but its weights have "
              + word.cols());
    }
    if (d.maxTokens() > pos.rows()) {
      throw new IllegalArgumentException(
          "model '" + d.id() + "' declares max_tokens " + d.maxTokens() + " but has only "
              + pos.rows() + " position embeddings");
    }
  }

  private static String key(ModelDescriptor d, byte[] onnx, FusedBertWriter.Kernel kernel) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("fused-bert v" + FusedBertWriter.VERSION + " " + kernel + "\n").getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      sha.update(d.canonicalBytes());
      sha.update(onnx);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public float[][] forward(long[][] ids, NDManager batch) {
    if (ai.djl.pytorch.jni.JniUtils.isGradMode()) {
      ai.djl.pytorch.jni.JniUtils.setGradMode(false); // thread-local in libtorch: inference only
    }
    if (System.getProperty(GRAPH_OPTIMIZER) == null) {
      // Batch shapes vary from call to call: libtorch's profiling executor would re-profile and
      // re-specialise the graph for new shapes. Thread-local, and DJL only sets it when the
      // property is given, so the simple executor is chosen here unless the user asked otherwise.
      ai.djl.pytorch.jni.JniUtils.setGraphExecutorOptimize(false);
    }
    PaddedBatch padded = PaddedBatch.of(ids);
    int b = padded.size();
    NDArray inputIds = batch.create(padded.ids(), new Shape(padded.shape()));
    NDArray mask = batch.create(padded.mask(), new Shape(padded.shape()));
    // A Predictor is not thread-safe: one per call (cheap for the PyTorch engine).
    try (Predictor<NDList, NDList> predictor = model.newPredictor()) {
      NDList out = predictor.predict(new NDList(inputIds, mask));
      out.attach(batch);
      NDArray pooled = out.get(0);
      int dim = (int) pooled.getShape().get(1);
      if (dim != dimension) {
        throw new IllegalStateException("fused encoder returned dimension " + dim + ", expected " + dimension);
      }
      float[][] vectors = TorchScriptForward.rows(pooled.toFloatArray(), b, dim);
      return vectors;
    } catch (TranslateException e) {
      throw new IllegalStateException("fused encoder forward failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
