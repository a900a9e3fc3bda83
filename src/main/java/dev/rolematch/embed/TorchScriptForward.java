package dev.rolematch.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A user's own TorchScript sentence-embedding module, loaded through DJL {@link Criteria}. The
 * module takes {@code (input_ids, attention_mask)} as int64 [batch, len] and returns either
 * sentence vectors [batch, dim] or token vectors [batch, len, dim], which are pooled here as the
 * descriptor says.
 */
final class TorchScriptForward implements BatchForward {

  private final ZooModel<NDList, NDList> model;
  private final ModelDescriptor descriptor;

  private TorchScriptForward(ZooModel<NDList, NDList> model, ModelDescriptor descriptor) {
    this.model = model;
    this.descriptor = descriptor;
  }

  /** A TorchScript archive through DJL on the PyTorch engine, tensors in and out (also the fused encoder's). */
  static ZooModel<NDList, NDList> loadModel(Path file, Device device)
      throws ModelNotFoundException, MalformedModelException, IOException {
    return Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(file)
        .optEngine("PyTorch")
        .optDevice(device)
        .optTranslator(new NoopTranslator())
        .build()
        .loadModel();
  }

  static TorchScriptForward load(ModelDescriptor d, Device device) throws IOException {
    Path file = FileSources.localPath(d.weights(), d.baseDir());
    try {
      return new TorchScriptForward(loadModel(file, device), d);
    } catch (ModelNotFoundException | MalformedModelException | EngineException e) {
      // EngineException: libtorch refused the file (not a TorchScript archive, unknown ops...).
      throw new IOException("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public float[][] forward(long[][] ids, NDManager batch) {
    PaddedBatch padded = PaddedBatch.of(ids);
    int b = padded.size();
    NDArray inputIds = batch.create(padded.ids(), new Shape(padded.shape()));
    NDArray mask = batch.create(padded.mask(), new Shape(padded.shape()));
    // A Predictor is not thread-safe: one per call (cheap for the PyTorch engine).
    try (Predictor<NDList, NDList> predictor = model.newPredictor()) {
      NDList out = predictor.predict(new NDList(inputIds, mask));
      NDArray result = out.get(0);
      result.attach(batch);
      NDArray pooled;
      if (result.getShape().dimension() == 3) {
        if (descriptor.meanPooling()) {
          NDArray m = mask.toType(result.getDataType(), false).expandDims(2);
          pooled = result.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE));
        } else {
          pooled = result.get(":, 0, :");
        }
      } else {
        pooled = result;
      }
      if (descriptor.normalize()) {
        pooled = pooled.div(pooled.norm(new int[] {1}, true).clip(1e-12f, Float.MAX_VALUE));
      }
      int dim = (int) pooled.getShape().get(1);
      if (dim != descriptor.dimension()) {
        throw new IllegalStateException(
            "model '" + descriptor.id() + "' declares dimension " + descriptor.dimension()
                + " but returned " + dim);
      }
      float[][] vectors = rows(pooled.toFloatArray(), b, dim);
      for (NDArray a : out) {
        a.close();
      }
      return vectors;
    } catch (TranslateException e) {
      throw new IllegalStateException("TorchScript forward failed: " + e.getMessage(), e);
    }
  }

  /** A row-major [rows, dim] array as one vector per row. */
  static float[][] rows(float[] flat, int rows, int dim) {
    float[][] vectors = new float[rows][dim];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * dim, vectors[i], 0, dim);
    }
    return vectors;
  }

  @Override
  public void close() {
    model.close();
  }
}
