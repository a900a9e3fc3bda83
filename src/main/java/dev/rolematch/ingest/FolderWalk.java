package dev.rolematch.ingest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The one folder walk of {@code add} and folder reads: every file of a supported format under a
 * folder, in path order. Links to files are followed, links to folders are not; hidden files
 * (a leading dot) are passed over silently; everything else that is not read is reported with
 * the reason (unsupported type, broken link, unreadable entry), never dropped silently.
 */
public final class FolderWalk {
  private FolderWalk() {}

  /**
   * @param skipped receives each file or folder passed over and why
   * @throws IngestException when the folder itself cannot be listed
   */
  public static List<Path> files(Path root, BiConsumer<Path, String> skipped) throws IngestException {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isSymbolicLink()) {
            String broken = brokenLink(file);
            if (broken != null) {
              skipped.accept(file, broken);
              return FileVisitResult.CONTINUE;
            }
            if (!Files.isRegularFile(file)) {
              skipped.accept(file, "a link to a folder (links to folders are not followed)");
              return FileVisitResult.CONTINUE;
            }
          } else if (!attrs.isRegularFile()) {
            return FileVisitResult.CONTINUE;
          }
          String name = file.getFileName().toString();
          if (name.startsWith(".")) {
            return FileVisitResult.CONTINUE;
          }
          if (DocumentFormat.ofFileName(name).isEmpty()) {
            skipped.accept(file, DocumentFormat.unsupported(name, DocumentFormat.supportedExtensions()));
          } else {
            files.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          skipped.accept(file, "cannot read: " + DocumentInput.describe(e));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new IngestException(root, "cannot list folder: " + DocumentInput.describe(e), e);
    }
    files.sort(null);
    return files;
  }

  /**
   * "broken link: points to T, which does not exist" for a symbolic link whose target is missing,
   * else null.
   */
  public static String brokenLink(Path path) {
    if (!Files.isSymbolicLink(path) || Files.exists(path)) {
      return null;
    }
    String target;
    try {
      target = Files.readSymbolicLink(path).toString();
    } catch (IOException | RuntimeException e) {
      target = "?";
    }
    return "broken link: points to " + target + ", which does not exist";
  }
}
