package dev.rolematch.solr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The collection configset shipped in the jar ({@code solr/configset/}: {@code schema.xml},
 * {@code solrconfig.xml}), written out with the model's vector dimension for {@code bin/solr zk
 * upconfig} or the local cluster.
 */
public final class SolrConfigset {
  private SolrConfigset() {}

  static final String[] FILES = {"schema.xml", "solrconfig.xml"};

  /** Writes the configset for vectors of this dimension into {@code dir} (created); returns {@code dir}. */
  public static Path write(Path dir, int dimension) throws IOException {
    if (dimension < 1 || dimension > 4096) {
      throw new IllegalArgumentException("a vector dimension must be between 1 and 4096, not " + dimension);
    }
    Files.createDirectories(dir);
    for (String f : FILES) {
      String text;
      try (InputStream in = SolrConfigset.class.getResourceAsStream("/solr/configset/" + f)) {
        if (in == null) {
          throw new IllegalStateException("solr/configset/" + f + " is missing from the class path (a broken build)");
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Files.writeString(dir.resolve(f), text.replace("@DIMENSION@", Integer.toString(dimension)), StandardCharsets.UTF_8);
    }
    return dir;
  }
}
