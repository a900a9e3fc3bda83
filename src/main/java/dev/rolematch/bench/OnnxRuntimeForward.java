package dev.rolematch.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.rolematch.embed.BatchForward;
import dev.rolematch.embed.DeviceChoice;
import dev.rolematch.embed.Embedders;
import dev.rolematch.embed.ModelDescriptor;
import dev.rolematch.embed.PaddedBatch;
import dev.rolematch.embed.TransformerEmbedder;
import java.io.IOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The peer: ONNX Runtime running the very same ONNX file, behind the same tokenisation, truncation
 * and batching as the product. Used by {@code bench embed} and the parity tests, never by the
 * product's own path (onnxruntime is an optional dependency).
 */
public final class OnnxRuntimeForward implements BatchForward {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final ModelDescriptor descriptor;

  private OnnxRuntimeForward(byte[] onnx, ModelDescriptor descriptor) throws OrtException {
    this.descriptor = descriptor;
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    this.session = env.createSession(onnx, options);
  }

  /** An embedder identical to the product's except that ONNX Runtime runs the model. */
  public static TransformerEmbedder open(ModelDescriptor d) throws IOException {
    return Embedders.open(d, DeviceChoice.CPU, OnnxRuntimeForward::create);
  }

  /**
   * ONNX Runtime's own int8 build of a shipped model: langchain4j publishes it as the artifact
   * {@code <artifact>-q} holding {@code <file>-q.onnx} (dynamically quantised by ONNX Runtime's
   * tools). Null when the model does not come from such an artifact.
   */
  public static ModelDescriptor int8Peer(ModelDescriptor d) {
    ModelDescriptor.FileSource w = d.weights();
    if (w == null || w.maven() == null || w.file() == null || !w.file().endsWith(".onnx")) {
      return null;
    }
    String[] gav = w.maven().split(":");
    if (gav.length != 3 || !gav[1].startsWith("langchain4j-embeddings-") || gav[1].endsWith("-q")) {
      return null;
    }
    String file = w.file().substring(0, w.file().length() - ".onnx".length()) + "-q.onnx";
    return d.withWeights(d.id() + "-ort-q",
        new ModelDescriptor.FileSource(gav[0] + ":" + gav[1] + "-q:" + gav[2], file, null, null));
  }

  private static BatchForward create(ModelDescriptor d, byte[] weights, NDManager m, Device dev)
      throws IOException {
    if (weights == null) {
      throw new IOException("ONNX Runtime peer needs an onnx-bert model, not " + d.format());
    }
    try {
      return new OnnxRuntimeForward(weights, d);
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime cannot load " + d.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public float[][] forward(long[][] ids, NDManager unused) {
    PaddedBatch padded = PaddedBatch.of(ids);
    long[] shape = padded.shape();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (String name : session.getInputNames()) {
        long[] data =
            switch (name) {
              case "input_ids" -> padded.ids();
              case "attention_mask" -> padded.mask();
              case "token_type_ids" -> new long[padded.ids().length];
              default -> throw new IllegalStateException("unexpected ONNX input " + name);
            };
        inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        return pool(hidden, ids);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private float[][] pool(float[][][] hidden, long[][] ids) {
    float[][] out = new float[hidden.length][];
    for (int i = 0; i < hidden.length; i++) {
      int dim = hidden[i][0].length;
      float[] v = new float[dim];
      if (descriptor.meanPooling()) {
        for (int t = 0; t < ids[i].length; t++) {
          for (int k = 0; k < dim; k++) {
            v[k] += hidden[i][t][k];
          }
        }
        for (int k = 0; k < dim; k++) {
          v[k] /= ids[i].length;
        }
      } else {
        System.arraycopy(hidden[i][0], 0, v, 0, dim);
      }
      if (descriptor.normalize()) {
        double norm = 0;
        for (float x : v) {
          norm += x * x;
        }
        float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int k = 0; k < dim; k++) {
          v[k] *= inv;
        }
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
