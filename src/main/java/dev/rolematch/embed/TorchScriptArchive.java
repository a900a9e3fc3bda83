package dev.rolematch.embed;

import dev.rolematch.embed.OnnxWeights.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript module archive without Python: the layout {@code torch.jit.save} produces
 * and libtorch's {@code torch::jit::load} reads, a zip with one top-level folder holding {@code
 * version}, {@code constants.pkl}, {@code data.pkl} (the module object: {@code __torch__.<Class>}
 * built with its attribute dict), {@code data/<storage key>} (one little-endian float32 storage
 * per parameter) and {@code code/__torch__.py} (the class source in TorchScript's serialised
 * dialect). Entries are stored, not compressed, with a fixed timestamp: the bytes depend only on
 * the inputs.
 */
final class TorchScriptArchive {

  /** Top-level folder inside the zip (any name works; torch.jit.save uses the file's base name). */
  private static final String FOLDER = "model";

  private TorchScriptArchive() {}

  /**
   * Writes the module: class {@code className} from {@code code}, with float parameters in the
   * given order (their names must match {@code __parameters__} in the code).
   */
  static void write(
      OutputStream out, String className, String code, LinkedHashMap<String, Tensor> params)
      throws IOException {
    write(out, className, code, params, List.of());
  }

  /**
   * The same, with attributes {@code emptyLists} set to empty lists (their element type comes from
   * the class's declaration in {@code code}; the module fills them itself).
   */
  static void write(
      OutputStream out, String className, String code, LinkedHashMap<String, Tensor> params,
      List<String> emptyLists) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      // torch::jit::load reads "version" first; 3 is the minimum produced file format version
      // (libtorch then upgrades old-semantics operators, see FusedBertWriter).
      stored(zip, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
      stored(zip, "constants.pkl", constantsPickle());
      stored(zip, "data.pkl", dataPickle(className, params, emptyLists));
      stored(zip, "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      int key = 0;
      for (Tensor t : params.values()) {
        ByteBuffer b = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.data());
        stored(zip, "data/" + key++, b.array());
      }
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    stored(zip, FOLDER, name, data);
  }

  /** One uncompressed entry {@code folder/name} with a fixed time, so archives are byte-for-byte reproducible. */
  static void stored(ZipOutputStream zip, String folder, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(folder + "/" + name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTimeLocal(LocalDateTime.of(2024, 6, 1, 0, 0));
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** The constant table: an empty tuple. */
  static byte[] constantsPickle() {
    Pickle p = new Pickle();
    p.op(Pickle.EMPTY_TUPLE);
    return p.finish();
  }

  /**
   * {@code __torch__.<className>.__new__()} then BUILD with {@code {"training": False, name:
   * tensor, ...}}, each tensor {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride,
   * False, OrderedDict())} over the persistent storage {@code ('storage', torch.FloatStorage, key,
   * 'cpu', numel)}.
   */
  private static byte[] dataPickle(String className, Map<String, Tensor> params, List<String> emptyLists) {
    Pickle p = new Pickle();
    p.global("__torch__", className);
    p.op(Pickle.EMPTY_TUPLE);
    p.op(Pickle.NEWOBJ);
    p.op(Pickle.EMPTY_DICT);
    p.op(Pickle.MARK);
    p.string("training");
    p.op(Pickle.NEWFALSE);
    int key = 0;
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      long[] shape = e.getValue().shape();
      long numel = e.getValue().data().length;
      p.string(e.getKey());
      p.global("torch._utils", "_rebuild_tensor_v2");
      p.op(Pickle.MARK);
      p.op(Pickle.MARK);
      p.string("storage");
      p.global("torch", "FloatStorage");
      p.string(Integer.toString(key++));
      p.string("cpu");
      p.integer(numel);
      p.op(Pickle.TUPLE);
      p.op(Pickle.BINPERSID);
      p.integer(0); // storage offset
      p.op(Pickle.MARK);
      for (long s : shape) {
        p.integer(s);
      }
      p.op(Pickle.TUPLE); // size
      p.op(Pickle.MARK);
      long stride = 1;
      long[] strides = new long[shape.length];
      for (int i = shape.length - 1; i >= 0; i--) {
        strides[i] = stride;
        stride *= shape[i];
      }
      for (long s : strides) {
        p.integer(s);
      }
      p.op(Pickle.TUPLE); // stride
      p.op(Pickle.NEWFALSE); // requires_grad
      p.global("collections", "OrderedDict");
      p.op(Pickle.EMPTY_TUPLE);
      p.op(Pickle.REDUCE); // backward hooks: OrderedDict()
      p.op(Pickle.TUPLE);
      p.op(Pickle.REDUCE); // _rebuild_tensor_v2(...)
    }
    for (String name : emptyLists) {
      p.string(name);
      p.op(Pickle.EMPTY_LIST);
    }
    p.op(Pickle.SETITEMS);
    p.op(Pickle.BUILD);
    return p.finish();
  }

  /** The subset of pickle protocol 2 that libtorch's unpickler reads. */
  static final class Pickle {
    static final int MARK = '(';
    static final int STOP = '.';
    static final int TUPLE = 't';
    static final int TUPLE2 = 0x86;
    static final int EMPTY_TUPLE = ')';
    static final int EMPTY_DICT = '}';
    static final int EMPTY_LIST = ']';
    static final int SETITEMS = 'u';
    static final int BUILD = 'b';
    static final int REDUCE = 'R';
    static final int NEWOBJ = 0x81;
    static final int NEWFALSE = 0x89;
    static final int BINPERSID = 'Q';
    static final int GLOBAL = 'c';
    static final int BININT = 'J';
    static final int BININT1 = 'K';
    static final int BININT2 = 'M';
    static final int BINUNICODE = 'X';
    static final int PROTO = 0x80;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle() {
      op(PROTO);
      out.write(2);
    }

    void op(int code) {
      out.write(code);
    }

    void global(String module, String name) {
      op(GLOBAL);
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op(BINUNICODE);
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
      out.writeBytes(b);
    }

    void integer(long v) {
      if (v >= 0 && v < 256) {
        op(BININT1);
        out.write((int) v);
      } else if (v >= 0 && v < 65536) {
        op(BININT2);
        out.write((int) (v & 0xff));
        out.write((int) (v >>> 8));
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        op(BININT);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
      } else {
        throw new IllegalArgumentException("integer out of range for this writer: " + v);
      }
    }

    byte[] finish() {
      op(STOP);
      return out.toByteArray();
    }
  }
}
