package dev.rolematch.embed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a tiny TorchScript sentence-embedding module without Python or torch.jit: the archive is
 * built by hand in the layout {@code torch.jit.save} produces and libtorch's {@code torch::jit::load}
 * reads (a zip with one top-level folder holding {@code version}, {@code constants.pkl}, {@code
 * data.pkl}, {@code data/<storage key>} and {@code code/__torch__.py}).
 *
 * <p>The module, {@code __torch__.TinyEncoder}, has one parameter {@code embedding} of shape
 * [{@value #BUCKETS}, {@value #DIM}]. Its forward hashes token ids into the table ({@code id mod
 * BUCKETS}), looks them up, and mean-pools over the attention mask, returning [batch, DIM]. {@link
 * #expected} recomputes the same math in Java.
 *
 * <p>Regenerate the committed file with {@code java -cp target/test-classes
 * dev.rolematch.embed.TinyTorchScriptWriter src/test/resources/torchscript/tiny.pt}; the output is
 * byte-for-byte deterministic and a test checks the committed copy matches.
 */
public final class TinyTorchScriptWriter {

  static final int BUCKETS = 97;
  static final int DIM = 8;
  static final long SEED = 20240601L;
  static final String CLASS_NAME = "TinyEncoder";
  /** Top-level folder inside the zip (any name works; torch.jit.save uses the file's base name). */
  static final String FOLDER = "tiny";

  static final String CODE =
      """
      class TinyEncoder(Module):
        __parameters__ = ["embedding", ]
        __buffers__ = []
        embedding : Tensor
        training : bool
        def forward(self: __torch__.TinyEncoder,
          input_ids: Tensor,
          attention_mask: Tensor) -> Tensor:
          buckets = torch.remainder(input_ids, 97)
          tokens = torch.embedding(self.embedding, buckets)
          mask = torch.unsqueeze(torch.to(attention_mask, 6), -1)
          summed = torch.sum(torch.mul(tokens, mask), [1])
          counts = torch.clamp_min(torch.sum(mask, [1]), 1.)
          return torch.div(summed, counts)
      """;

  private TinyTorchScriptWriter() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/torchscript/tiny.pt");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, archive());
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }

  /** The embedding table, row-major [BUCKETS][DIM], values in [-1, 1). */
  static float[][] table() {
    Random r = new Random(SEED);
    float[][] t = new float[BUCKETS][DIM];
    for (float[] row : t) {
      for (int k = 0; k < DIM; k++) {
        row[k] = r.nextFloat() * 2f - 1f;
      }
    }
    return t;
  }

  /** What the module computes for one unpadded row of token ids (then L2-normalised). */
  static float[] expected(long[] ids, boolean normalize) {
    float[][] t = table();
    float[] v = new float[DIM];
    for (long id : ids) {
      float[] row = t[(int) Math.floorMod(id, (long) BUCKETS)];
      for (int k = 0; k < DIM; k++) {
        v[k] += row[k];
      }
    }
    double norm = 0;
    for (int k = 0; k < DIM; k++) {
      v[k] /= Math.max(ids.length, 1);
      norm += (double) v[k] * v[k];
    }
    if (normalize) {
      float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
      for (int k = 0; k < DIM; k++) {
        v[k] *= inv;
      }
    }
    return v;
  }

  /** The whole TorchScript archive. */
  static byte[] archive() throws IOException {
    float[][] t = table();
    ByteBuffer storage = ByteBuffer.allocate(BUCKETS * DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : t) {
      for (float x : row) {
        storage.putFloat(x);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      // torch::jit::load reads "version" first; 3 is what torch.jit.save writes for modules using
      // no operator whose semantics changed later (the minimum produced version).
      stored(zip, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
      stored(zip, "constants.pkl", constantsPickle());
      stored(zip, "data.pkl", dataPickle("0", BUCKETS, DIM));
      stored(zip, "code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
      stored(zip, "data/0", storage.array());
    }
    return bytes.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(FOLDER + "/" + name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTimeLocal(LocalDateTime.of(2024, 6, 1, 0, 0)); // fixed: byte-for-byte reproducible
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
   * The module object: {@code __torch__.TinyEncoder.__new__()} then BUILD with its attribute dict
   * {@code {"training": False, "embedding": tensor}}, the tensor being {@code
   * torch._utils._rebuild_tensor_v2(storage, 0, (rows, cols), (cols, 1), False, OrderedDict())}
   * with the storage a persistent id {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}.
   */
  static byte[] dataPickle(String storageKey, int rows, int cols) {
    Pickle p = new Pickle();
    p.global("__torch__", CLASS_NAME);
    p.op(Pickle.EMPTY_TUPLE);
    p.op(Pickle.NEWOBJ);
    p.op(Pickle.EMPTY_DICT);
    p.op(Pickle.MARK);
    p.string("training");
    p.op(Pickle.NEWFALSE);
    p.string("embedding");
    // tensor
    p.global("torch._utils", "_rebuild_tensor_v2");
    p.op(Pickle.MARK);
    p.op(Pickle.MARK);
    p.string("storage");
    p.global("torch", "FloatStorage");
    p.string(storageKey);
    p.string("cpu");
    p.integer((long) rows * cols);
    p.op(Pickle.TUPLE);
    p.op(Pickle.BINPERSID);
    p.integer(0); // storage offset
    p.integer(rows);
    p.integer(cols);
    p.op(Pickle.TUPLE2); // size
    p.integer(cols);
    p.integer(1);
    p.op(Pickle.TUPLE2); // stride
    p.op(Pickle.NEWFALSE); // requires_grad
    p.global("collections", "OrderedDict");
    p.op(Pickle.EMPTY_TUPLE);
    p.op(Pickle.REDUCE); // backward hooks: OrderedDict()
    p.op(Pickle.TUPLE);
    p.op(Pickle.REDUCE); // _rebuild_tensor_v2(...)
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
