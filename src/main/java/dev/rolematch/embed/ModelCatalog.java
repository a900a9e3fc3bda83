package dev.rolematch.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds model descriptors: a path to a descriptor file, or an id looked up in the models
 * directory (which one is the caller's choice, see {@link #standard(Path)}), falling back to the
 * descriptors packaged on the class path.
 */
public final class ModelCatalog {

  public static final String DEFAULT_MODEL = "all-minilm-l6-v2";

  private final Path modelsDir;

  public ModelCatalog(Path modelsDir) {
    this.modelsDir = modelsDir;
  }

  /** The catalog of the {@code models/} folder under the given rolematch home. */
  public static ModelCatalog standard(Path home) {
    return new ModelCatalog(home.resolve("models"));
  }


  /** Ids of the descriptors in the models directory. */
  public List<String> ids() throws IOException {
    TreeSet<String> ids = new TreeSet<>();
    if (Files.isDirectory(modelsDir)) {
      try (Stream<Path> files = Files.list(modelsDir)) {
        files.filter(p -> p.toString().endsWith(".json"))
            .forEach(p -> ids.add(p.getFileName().toString().replaceFirst("\\.json$", "")));
      }
    }
    return new ArrayList<>(ids);
  }

  /** Resolves an id or a descriptor path; the result is validated. */
  public ModelDescriptor resolve(String idOrPath) throws IOException {
    if (idOrPath == null || idOrPath.isBlank()) {
      idOrPath = DEFAULT_MODEL;
    }
    Path asPath = Path.of(idOrPath);
    if (idOrPath.endsWith(".json") && Files.isRegularFile(asPath)) {
      return ModelDescriptor.read(asPath).validate();
    }
    Path file = modelsDir.resolve(idOrPath + ".json");
    if (Files.isRegularFile(file)) {
      ModelDescriptor d = ModelDescriptor.read(file);
      if (!idOrPath.equals(d.id())) {
        throw new IllegalArgumentException(
            "descriptor " + file + " declares id '" + d.id() + "', expected '" + idOrPath + "'");
      }
      return d.validate();
    }
    try (InputStream in = ModelCatalog.class.getResourceAsStream("/models/" + idOrPath + ".json")) {
      if (in != null) {
        Path tmp = Files.createTempFile("rolematch-model", ".json");
        try {
          Files.write(tmp, in.readAllBytes());
          return ModelDescriptor.read(tmp).withBaseDir(modelsDir.toAbsolutePath()).validate();
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown model '" + idOrPath + "': no " + file + " (known: " + String.join(", ", ids())
            + "); pass a model id or the path of a descriptor .json");
  }
}
