package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: headless Chromium through the system chromedriver (Selenium
 * Manager downloads nothing), found by {@link Browsers}. Fails, not skips, when Chromium is
 * missing: CI installs it.
 */
class BrowserTest {

  static final Path CHROMIUM = Browsers.chromium();
  static final Path CHROMEDRIVER = Browsers.chromedriver();
  static final Path SCREENSHOT = Path.of("target", "screenshots", "rolematch-page.png");

  static TestServer ts;
  static WebDriver driver;
  static Path profile;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("the browser test needs Chromium and its driver, looked for at " + CHROMIUM + " and " + CHROMEDRIVER
          + ": install them with 'apt-get install -y chromium chromium-driver' (CI's .ci/run does), or point "
          + Browsers.CHROMIUM_ENV + " and " + Browsers.CHROMEDRIVER_ENV + " at them");
    }
    ts = TestServer.get();
    profile = Files.createTempDirectory("rolematch-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1400, 1000));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  List<WebElement> results() {
    return driver.findElements(By.cssSelector("#results li.result"));
  }

  void search(String topic) {
    WebElement input = driver.findElement(By.id("topic-input"));
    input.clear();
    input.sendKeys(topic);
    driver.findElement(By.id("topic-search")).click();
    waitUpTo(90).until(d -> "done".equals(d.findElement(By.id("results")).getAttribute("data-state"))
        && "false".equals(d.findElement(By.tagName("body")).getAttribute("data-busy")));
  }

  @Test
  void searchReadEvidenceUploadAndFindIt(@TempDir Path tmp) throws Exception {
    driver.get(ts.base + "/");
    waitUpTo(30).until(d -> "ok".equals(d.findElement(By.id("health")).getAttribute("data-state")));
    assertTrue(driver.findElement(By.id("health")).getText().contains(TestServer.MODEL));
    // Suggestions come from the taxonomy.
    waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#topic-suggestions option")).isEmpty());

    search("NLP");
    List<WebElement> ranked = results();
    assertTrue(ranked.size() >= 3, "ranked candidates");
    assertEquals("1", ranked.get(0).getAttribute("data-rank"));
    assertTrue(List.of("jana-novak", "lukas-weber").contains(ranked.get(0).getAttribute("data-id")));
    double s1 = Double.parseDouble(ranked.get(0).getAttribute("data-score"));
    double sLast = Double.parseDouble(ranked.get(ranked.size() - 1).getAttribute("data-score"));
    assertTrue(s1 >= sLast);
    assertFalse(ranked.get(0).findElement(By.cssSelector(".score-value")).getText().isBlank());
    assertTrue(driver.findElement(By.id("results-title")).getText().contains("NLP"));

    // Evidence opens per candidate, with the shared words highlighted.
    WebElement first = ranked.get(0);
    WebElement evidence = first.findElement(By.cssSelector(".evidence"));
    assertFalse(evidence.isDisplayed());
    first.findElement(By.cssSelector(".evidence-toggle")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOf(evidence));
    assertFalse(evidence.findElements(By.cssSelector(".ev")).isEmpty());
    assertFalse(evidence.findElements(By.cssSelector(".ev-snippet mark")).isEmpty(), "highlighted words");

    // Upload a resume through the file input (writes need the token) and find it in the next search.
    driver.findElement(By.id("token-box")).isDisplayed();
    WebElement token = driver.findElement(By.id("token-input"));
    token.sendKeys(TestServer.TOKEN);
    token.sendKeys(org.openqa.selenium.Keys.TAB);
    Path cv = tmp.resolve("browser-upload-nlp.txt");
    Files.writeString(cv, """
        Aiko Tanaka
        Tokyo, Japan
        Experience
        - Built neural machine translation and summarisation systems with transformer language models (2019 - 2024)
        - Published on low-resource NLP at ACL and EMNLP
        Skills: Python, PyTorch, Hugging Face
        """, StandardCharsets.UTF_8);
    new Select(driver.findElement(By.id("upload-kind"))).selectByValue("resume");
    driver.findElement(By.id("upload-file")).sendKeys(cv.toAbsolutePath().toString());
    driver.findElement(By.id("upload-button")).click();
    WebElement status = driver.findElement(By.id("upload-status"));
    waitUpTo(90).until(d -> status.getAttribute("class").contains("ok") || status.getAttribute("class").contains("error"));
    assertTrue(status.getAttribute("class").contains("ok"), status.getText());
    assertEquals("browser-upload-nlp", status.getAttribute("data-id"));

    search("NLP");
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#results li.result[data-id='browser-upload-nlp']")).isEmpty());

    // Batch refresh from the page (shown because health says refresh: true; sends the token): the
    // progress runs, then the summary of this run appears (the new resume makes pairs to score).
    WebElement panel = driver.findElement(By.id("refresh-panel"));
    waitUpTo(10).until(d -> panel.isDisplayed());
    WebElement summary = driver.findElement(By.id("refresh-summary"));
    String before = summary.getAttribute("data-finished-at");
    driver.findElement(By.id("refresh-button")).click();
    waitUpTo(60).until(d -> List.of("done", "error").contains(panel.getAttribute("data-state"))
        && !java.util.Objects.equals(before, summary.getAttribute("data-finished-at")));
    assertEquals("done", panel.getAttribute("data-state"), driver.findElement(By.id("refresh-status")).getText());
    assertTrue(summary.isDisplayed() && summary.getText().contains("scored"), summary.getText());
    assertTrue(Integer.parseInt(summary.getAttribute("data-scored")) > 0, summary.getText());
    assertTrue(driver.findElement(By.id("refresh-button")).isEnabled());

    // A posting from the picker shows the must-have chips; keep its evidence open for the screenshot.
    driver.findElement(By.id("tab-posting")).click();
    waitUpTo(10).until(d -> d.findElements(By.cssSelector("#posting-select option[value='nlp-intern']")).size() == 1);
    new Select(driver.findElement(By.id("posting-select"))).selectByValue("nlp-intern");
    driver.findElement(By.id("posting-search")).click();
    waitUpTo(90).until(d -> "posting".equals(d.findElement(By.id("results")).getAttribute("data-query"))
        && "done".equals(d.findElement(By.id("results")).getAttribute("data-state")));
    WebElement top = results().get(0);
    assertFalse(top.findElements(By.cssSelector(".chip.met")).isEmpty(), "must-haves at a glance");
    top.findElement(By.cssSelector(".evidence-toggle")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOf(top.findElement(By.cssSelector(".evidence"))));

    Files.createDirectories(SCREENSHOT.getParent());
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(SCREENSHOT) > 10_000);

    assertEquals(200, ts.send(ts.request("/api/documents/browser-upload-nlp")
        .header("Authorization", "Bearer " + TestServer.TOKEN).DELETE()).statusCode());
  }
}
