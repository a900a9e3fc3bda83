package dev.rolematch.embed;

import dev.rolematch.embed.ModelDescriptor.FileSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens a descriptor's files. Maven artifacts are found on the class path (the launcher puts the
 * model jars there) or in the local Maven repository; nothing is ever downloaded here.
 */
final class FileSources {
  private FileSources() {}

  /** Bytes of the source file. Missing files are an {@link IOException} naming what was tried. */
  static byte[] readAll(FileSource source, Path baseDir) throws IOException {
    if (source.maven() != null) {
      Path jar = findArtifact(source.maven());
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        ZipEntry entry = zip.getEntry(source.file());
        if (entry == null) {
          throw new IOException("artifact " + jar + " has no entry '" + source.file() + "'");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          return in.readAllBytes();
        }
      }
    }
    return Files.readAllBytes(localPath(source, baseDir));
  }

  /** A local file for the source (path or file URL); Maven sources have none. */
  static Path localPath(FileSource source, Path baseDir) throws IOException {
    Path p;
    if (source.path() != null) {
      p = Path.of(source.path());
      if (!p.isAbsolute() && baseDir != null) {
        p = baseDir.resolve(p);
      }
    } else if (source.url() != null) {
      URI uri = URI.create(source.url());
      if (!"file".equals(uri.getScheme())) {
        throw new IOException(
            "only file: URLs are supported (rolematch runs offline): " + source.url());
      }
      p = Path.of(uri);
    } else {
      throw new IOException("source " + source.describe() + " is not a local file");
    }
    if (!Files.isRegularFile(p)) {
      throw new IOException("model file not found: " + p.toAbsolutePath());
    }
    return p;
  }

  /** Locates group:artifact:version as a jar on the class path or in the local Maven repository. */
  static Path findArtifact(String coordinates) throws IOException {
    String[] gav = coordinates.split(":");
    String jarName = gav[1] + "-" + gav[2] + ".jar";
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (entry.endsWith(File.separator + jarName) || entry.equals(jarName)) {
        Path p = Path.of(entry);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    String repo = System.getProperty("maven.repo.local");
    Path repoDir =
        repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path p = repoDir.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2]).resolve(jarName);
    if (Files.isRegularFile(p)) {
      return p;
    }
    throw new IOException(
        "model artifact " + coordinates + " is not on the class path nor at " + p
            + "; build once with ./rolematch (or mvn package) so Maven fetches it");
  }
}
