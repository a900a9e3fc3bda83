package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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

  /** Headless Chromium through the system chromedriver, with its own profile folder; fails when either is missing. */
  static WebDriver headless(Path profile) {
    Path chromium = chromium();
    Path driver = chromedriver();
    if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
      fail("the browser test needs Chromium and its driver, looked for at " + chromium + " and " + driver
          + ": install them with 'apt-get install -y chromium chromium-driver' (CI's .ci/run does), or point "
          + CHROMIUM_ENV + " and " + CHROMEDRIVER_ENV + " at them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(driver.toString())).usingAnyFreePort().build();
    WebDriver d = new ChromeDriver(service, options);
    d.manage().window().setSize(new Dimension(1400, 1000));
    return d;
  }

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
