package dev.rolematch.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * axe-core (the accessibility engine, from npm) for the browser test: {@code ROLEMATCH_AXE_CORE}
 * (a path to {@code axe.min.js}) when set, else {@code target/axe-core/package/axe.min.js}, which
 * the first run fetches with {@code npm pack} (npm's cache serves later runs offline) and unpacks
 * with {@code tar}. The test injects the script into the page through WebDriver, so the page's
 * own content security policy stays as it is.
 */
final class AxeCore {

  static final String VERSION = "4.11.0";
  static final String ENV = "ROLEMATCH_AXE_CORE";
  static final Path DIR = Path.of("target", "axe-core");

  private AxeCore() {}

  static String script() throws IOException, InterruptedException {
    String env = System.getenv(ENV);
    Path js = env != null && !env.isBlank() ? Path.of(env) : DIR.resolve("package").resolve("axe.min.js");
    if (!Files.isRegularFile(js) && (env == null || env.isBlank())) {
      fetch();
    }
    if (!Files.isRegularFile(js)) {
      throw new IllegalStateException("axe-core not found at " + js + ": run 'npm pack axe-core@" + VERSION
          + " --pack-destination " + DIR + "' and unpack it there, or point " + ENV + " at axe.min.js");
    }
    return Files.readString(js, StandardCharsets.UTF_8);
  }

  private static void fetch() throws IOException, InterruptedException {
    Files.createDirectories(DIR);
    run(List.of("npm", "pack", "axe-core@" + VERSION, "--prefer-offline", "--pack-destination", DIR.toString()));
    run(List.of("tar", "xzf", DIR.resolve("axe-core-" + VERSION + ".tgz").toString(), "-C", DIR.toString(),
        "package/axe.min.js"));
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }
}
