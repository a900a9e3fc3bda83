package dev.rolematch.embed;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float initializers of an ONNX model straight from its protobuf wire format (field
 * numbers from onnx.proto), without the ONNX runtime.
 *
 * <p>Exported BERT models keep biases and LayerNorm tensors under readable names, but their
 * projection weights are anonymous ({@code onnx::MatMul_123}, shape [in, out]); the consuming
 * MatMul node's name ({@code /encoder/layer.0/attention/self/query/MatMul}) says what they are. This
 * class renames those to PyTorch names ({@code encoder.layer.0.attention.self.query.weight}) and
 * transposes them to PyTorch's [out, in] layout, so callers see one naming scheme.
 */
final class OnnxWeights {

  /** A float tensor in row-major order. */
  record Tensor(long[] shape, float[] data) {
    int rows() {
      return (int) shape[0];
    }

    int cols() {
      return shape.length > 1 ? (int) shape[1] : 1;
    }
  }

  // onnx.proto field numbers
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int NODE_INPUT = 1;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int TENSOR_DATA_LOCATION = 14;
  private static final int DATA_TYPE_FLOAT = 1;

  private OnnxWeights() {}

  /** Parses the model and returns float tensors keyed by PyTorch-style names. */
  static Map<String, Tensor> read(byte[] onnx) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(onnx);
    in.setSizeLimit(Integer.MAX_VALUE);
    Map<String, Tensor> initializers = new HashMap<>();
    List<String[]> matMuls = new ArrayList<>(); // {nodeName, weightInput}
    boolean sawGraph = false;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
        sawGraph = true;
        int limit = in.pushLimit(in.readRawVarint32());
        readGraph(in, initializers, matMuls);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    if (!sawGraph || initializers.isEmpty()) {
      throw new IOException("not an ONNX model with weights (no graph initializers found)");
    }
    Map<String, Tensor> named = new HashMap<>();
    for (var e : initializers.entrySet()) {
      named.put(stripPrefix(e.getKey()), e.getValue());
    }
    for (String[] mm : matMuls) {
      Tensor w = initializers.get(mm[1]);
      if (w == null || w.shape().length != 2 || !mm[0].endsWith("/MatMul")) {
        continue;
      }
      String module = mm[0].substring(0, mm[0].length() - "/MatMul".length());
      module = module.replaceFirst("^/", "").replace('/', '.');
      named.put(stripPrefix(module) + ".weight", transpose(w));
      named.remove(stripPrefix(mm[1]));
    }
    return named;
  }

  private static String stripPrefix(String name) {
    for (String prefix : new String[] {"bert.", "model.", "0.auto_model."}) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  private static void readGraph(
      CodedInputStream in, Map<String, Tensor> initializers, List<String[]> matMuls)
      throws IOException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == GRAPH_INITIALIZER) {
        int limit = in.pushLimit(in.readRawVarint32());
        readTensor(in, initializers);
        in.popLimit(limit);
      } else if (field == GRAPH_NODE) {
        int limit = in.pushLimit(in.readRawVarint32());
        readNode(in, matMuls);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static void readNode(CodedInputStream in, List<String[]> matMuls) throws IOException {
    List<String> inputs = new ArrayList<>();
    String name = "";
    String op = "";
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case NODE_INPUT -> inputs.add(in.readString());
        case NODE_NAME -> name = in.readString();
        case NODE_OP_TYPE -> op = in.readString();
        default -> in.skipField(tag);
      }
    }
    if ("MatMul".equals(op) && inputs.size() == 2) {
      matMuls.add(new String[] {name, inputs.get(1)});
    }
  }

  private static void readTensor(CodedInputStream in, Map<String, Tensor> out) throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = null;
    byte[] raw = null;
    List<Float> floats = null;
    boolean external = false;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      switch (field) {
        case TENSOR_DIMS -> {
          if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              dims.add(in.readInt64());
            }
            in.popLimit(limit);
          } else {
            dims.add(in.readInt64());
          }
        }
        case TENSOR_DATA_TYPE -> dataType = in.readInt32();
        case TENSOR_NAME -> name = in.readString();
        case TENSOR_RAW_DATA -> raw = in.readByteArray();
        case TENSOR_DATA_LOCATION -> external = in.readEnum() == 1;
        case TENSOR_FLOAT_DATA -> {
          floats = floats == null ? new ArrayList<>() : floats;
          if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              floats.add(in.readFloat());
            }
            in.popLimit(limit);
          } else {
            floats.add(in.readFloat());
          }
        }
        default -> in.skipField(tag);
      }
    }
    if (external) {
      throw new IOException(
          "initializer " + name + " keeps its data in an external file; export the model with"
              + " weights inside the .onnx file");
    }
    if (dataType != DATA_TYPE_FLOAT || name == null) {
      return; // int64 position ids and the like are not weights
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    float[] data;
    if (raw != null) {
      data = new float[raw.length / 4];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    } else if (floats != null) {
      data = new float[floats.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = floats.get(i);
      }
    } else {
      data = new float[0];
    }
    out.put(name, new Tensor(shape, data));
  }

  /** [in, out] → [out, in] (ONNX MatMul layout to PyTorch Linear layout). */
  static Tensor transpose(Tensor t) {
    int rows = t.rows();
    int cols = t.cols();
    float[] src = t.data();
    float[] dst = new float[src.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[c * rows + r] = src[r * cols + c];
      }
    }
    return new Tensor(new long[] {cols, rows}, dst);
  }
}
