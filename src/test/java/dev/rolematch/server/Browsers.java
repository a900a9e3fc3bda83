package dev.rolematch.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the browser test finds Chromium and chromedriver, by the rule {@code .ci/run} also uses
 * (and exports the result of): the system property ({@code -Drolematch.chromium=...}) or the
 * environment variable ({@code ROLEMATCH_CHROMIUM}, {@code ROLEMATCH_CHROMEDRIVER}) when set, else
 * the first of the usual names on {@code PATH}, else {@code /usr/bin/<name>}.
 */
final class Browsers {
  private Browsers() {}

  static final String CHROMIUM_ENV = "ROLEMATCH_CHROMIUM";
  static final String CHROMEDRIVER_ENV = "ROLEMATCH_CHROMEDRIVER";

  static Path chromium() {
    return locate("rolematch.chromium", CHROMIUM_ENV, "chromium", "chromium-browser");
  }

  static Path chromedriver() {
    return locate("rolematch.chromedriver", CHROMEDRIVER_ENV, "chromedriver");
  }

  /** The configured path as given (even if missing, so the test can say which one), else a lookup. */
  static Path locate(String property, String env, String... names) {
    String given = System.getProperty(property);
    if (given == null || given.isBlank()) {
      given = System.getenv(env);
    }
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String name : names) {
        for (String dir : path.split(File.pathSeparator)) {
          if (!dir.isEmpty()) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
              return p;
            }
          }
        }
      }
    }
    for (String name : names) {
      Path p = Path.of("/usr/bin", name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return Path.of("/usr/bin", names[0]); // absent: the test's message names it
  }
}
