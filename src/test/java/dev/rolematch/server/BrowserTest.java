package dev.rolematch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: headless Chromium through the system chromedriver (Selenium
 * Manager downloads nothing), found by {@link Browsers}. Fails, not skips, when Chromium is
 * missing: CI installs it.
 */
class BrowserTest {

  static final Path SCREENSHOT = Path.of("target", "screenshots", "rolematch-page.png");

  static TestServer ts;
  static WebDriver driver;
  static Path profile;

  @BeforeAll
  static void start() throws Exception {
    ts = TestServer.get();
    profile = Files.createTempDirectory("rolematch-chromium-");
    driver = Browsers.headless(profile);
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
    token.clear(); // another test may have left the token in this session
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

  static final Path SHOTS = Path.of("target", "screenshots");

  void shoot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(SHOTS.resolve(name)) > 10_000, name);
  }

  void waitForResults() {
    waitUpTo(90).until(d -> "done".equals(d.findElement(By.id("results")).getAttribute("data-state"))
        && "false".equals(d.findElement(By.tagName("body")).getAttribute("data-busy"))
        && !d.findElements(By.cssSelector("#results li.result")).isEmpty());
  }

  void keys(CharSequence... k) {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(k).perform();
  }

  /** axe-core's serious and critical violations on the page as it is now (none expected). */
  List<String> seriousViolations() throws Exception {
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
    js.executeScript(AxeCore.script());
    Object out = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
        + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; '))))"
        + ".catch(e => done(['axe failed: ' + e]));");
    @SuppressWarnings("unchecked")
    List<String> v = (List<String>) out;
    return v;
  }

  WebElement card(int i) {
    return results().get(i);
  }

  String pressed(WebElement card, String label) {
    return card.findElement(By.cssSelector(".feedback button[data-label='" + label + "']")).getAttribute("aria-pressed");
  }

  /**
   * The recruiter's flow: a pasted link runs its search; the strongest evidence shows inline with
   * the server's highlights; j/k/s/x shortlist one candidate and reject another with a reason;
   * reload shows the same state; back/forward reproduce searches; the CSV exports hold the rows;
   * "show more" pages; the candidate view marks evidence in the resume; the blind view hides names.
   */
  @Test
  void recruiterShortlistsRejectsReloadsExportsAndOpensACandidate() throws Exception {
    driver.get(ts.base + "/?tab=topic&q=NLP");
    waitUpTo(30).until(d -> "ok".equals(d.findElement(By.id("health")).getAttribute("data-state")));
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.setItem('rolematch-token', arguments[0])",
        TestServer.TOKEN);
    driver.navigate().refresh(); // the token is read at load, as after typing it once
    waitForResults();
    assertEquals("NLP", driver.findElement(By.id("topic-input")).getAttribute("value"));
    assertTrue(driver.findElement(By.id("results-title")).getText().contains("NLP"));
    // The calibration in use, its source and date, as /api/health says.
    JsonNode cal = Json.MAPPER.readTree(ts.get("/api/health").body()).get("calibration");
    WebElement calibration = driver.findElement(By.id("calibration"));
    assertEquals(cal.get("fitted_at").asText(), calibration.getAttribute("data-fitted-at"));
    assertTrue(calibration.getText().contains(cal.get("source").asText()), calibration.getText());
    WebElement first = card(0);
    // Why at a glance: up to three evidence lines inline, words marked where the server says.
    List<WebElement> why = first.findElements(By.cssSelector(".why .why-line"));
    assertTrue(why.size() >= 1 && why.size() <= 3, "inline evidence lines: " + why.size());
    assertFalse(first.findElements(By.cssSelector(".why mark")).isEmpty(), "server-highlighted words");
    assertTrue(first.findElements(By.cssSelector(".chip.met, .chip.none")).isEmpty(), "a topic has no must-have chips");
    assertFalse(first.findElement(By.cssSelector(".evidence")).isDisplayed(), "the full list stays folded");

    // Keyboard: j to the first card, s shortlists; j to the second, x rejects and offers a reason.
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.activeElement.blur()");
    keys("j");
    waitUpTo(5).until(d -> first.equals(d.switchTo().activeElement()));
    keys("s");
    waitUpTo(10).until(d -> "true".equals(pressed(card(0), "shortlist")));
    keys("j");
    WebElement second = card(1);
    waitUpTo(5).until(d -> second.equals(d.switchTo().activeElement()));
    keys("x");
    waitUpTo(10).until(d -> "true".equals(pressed(card(1), "reject")));
    WebElement reason = card(1).findElement(By.cssSelector(".fb-reason"));
    waitUpTo(5).until(d -> reason.isDisplayed() && reason.equals(d.switchTo().activeElement()));
    new Select(reason).selectByValue("wrong_level");
    String shortlisted = card(0).getAttribute("data-id");
    String rejected = card(1).getAttribute("data-id");
    waitUpTo(10).until(d -> {
      try {
        JsonNode fb = Json.MAPPER.readTree(ts.get("/api/feedback?query_type=topic&query=NLP&candidate=" + rejected).body());
        return fb.get("count").asInt() == 1 && "wrong_level".equals(fb.get("feedback").get(0).get("reason").asText());
      } catch (Exception e) {
        return false;
      }
    });
    WebElement shortlist = driver.findElement(By.id("shortlist"));
    assertTrue(shortlist.isDisplayed());
    assertEquals(1, shortlist.findElements(By.cssSelector("#shortlist-items li[data-id='" + shortlisted + "']")).size());
    assertEquals(List.of(), seriousViolations(), "accessibility of the results page");
    shoot("shortlist.png");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    shoot("results.png");

    // Reload from the URL: the same search, and the same verdicts on the cards.
    driver.navigate().refresh();
    waitForResults();
    waitUpTo(10).until(d -> "true".equals(pressed(card(0), "shortlist")));
    assertEquals(shortlisted, card(0).getAttribute("data-id"));
    assertEquals("true", pressed(card(1), "reject"));
    assertEquals("wrong_level", new Select(card(1).findElement(By.cssSelector(".fb-reason")))
        .getFirstSelectedOption().getAttribute("value"));

    // CSV exports: the results with score, must-haves, evidence and verdict; the shortlist.
    String href = driver.findElement(By.id("export-results")).getAttribute("href");
    List<java.util.Map<String, String>> rows = FeedbackApiTest.csv(ts.get(href.substring(ts.base.length())).body());
    assertEquals(results().size(), rows.size());
    assertEquals(shortlisted, rows.get(0).get("id"));
    assertEquals("shortlist", rows.get(0).get("feedback"));
    assertEquals("reject", rows.get(1).get("feedback"));
    assertEquals("wrong_level", rows.get(1).get("reason"));
    assertEquals(card(0).getAttribute("data-score"), rows.get(0).get("score"));
    assertFalse(rows.get(0).get("top_evidence").isBlank());
    String shortHref = driver.findElement(By.id("shortlist-export")).getAttribute("href");
    List<java.util.Map<String, String>> picked = FeedbackApiTest.csv(ts.get(shortHref.substring(ts.base.length())).body());
    assertEquals(1, picked.size());
    assertEquals(shortlisted, picked.get(0).get("candidate"));

    // Back and forward: another search is a new history entry.
    search("computer vision");
    waitUpTo(10).until(d -> d.getCurrentUrl().contains("q=computer+vision"));
    driver.navigate().back();
    waitUpTo(60).until(d -> d.findElement(By.id("results-title")).getText().contains("NLP")
        && "done".equals(d.findElement(By.id("results")).getAttribute("data-state")));
    assertEquals("NLP", driver.findElement(By.id("topic-input")).getAttribute("value"));
    driver.navigate().forward();
    waitUpTo(60).until(d -> d.findElement(By.id("results-title")).getText().contains("computer vision"));

    // Show more: a link asking for two results pages on to more.
    driver.get(ts.base + "/?tab=topic&q=NLP&top=2");
    waitForResults();
    assertEquals(2, results().size());
    driver.findElement(By.id("more")).click();
    waitUpTo(60).until(d -> d.findElements(By.cssSelector("#results li.result")).size() > 2);
    assertTrue(driver.getCurrentUrl().contains("top=12"), driver.getCurrentUrl());

    // Candidate view: the resume with the evidence lines marked in place, requirements beside,
    // and fitting postings; its URL reopens it.
    WebElement top = card(0);
    String id = top.getAttribute("data-id");
    top.findElement(By.cssSelector(".open-candidate")).click();
    WebElement view = driver.findElement(By.id("candidate-view"));
    waitUpTo(30).until(d -> "done".equals(view.getAttribute("data-state")));
    assertFalse(view.findElements(By.cssSelector("#candidate-text .ev-span")).isEmpty(), "evidence marked in the resume");
    assertFalse(view.findElements(By.cssSelector("#candidate-text .ev-span mark")).isEmpty(), "matched words marked");
    assertFalse(view.findElements(By.cssSelector("#candidate-requirements li")).isEmpty());
    assertFalse(view.findElements(By.cssSelector("#candidate-postings li button")).isEmpty(), "fitting postings");
    assertTrue(driver.getCurrentUrl().contains("view=" + id), driver.getCurrentUrl());
    shoot("candidate.png");
    assertEquals(List.of(), seriousViolations(), "accessibility of the candidate view");
    // The check can fail: an unlabelled input is a critical violation.
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "const i = document.createElement('input'); i.id = 'axe-probe'; document.body.appendChild(i);");
    assertTrue(seriousViolations().stream().anyMatch(v -> v.startsWith("label (critical)")), "axe sees a missing label");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("document.getElementById('axe-probe').remove()");
    driver.navigate().refresh();
    waitUpTo(60).until(d -> "done".equals(d.findElement(By.id("candidate-view")).getAttribute("data-state"))
        && d.findElement(By.id("candidate-view")).isDisplayed());
    driver.findElement(By.id("candidate-close")).click();
    waitForResults();

    // Blind view: names and ids leave the cards.
    driver.findElement(By.id("blind-toggle")).click();
    waitUpTo(10).until(d -> card(0).findElement(By.cssSelector(".name")).getText().startsWith("Candidate "));
    for (WebElement c : results()) {
      assertTrue(c.findElements(By.cssSelector(".doc-id")).isEmpty());
      assertFalse(c.getText().contains("Jana Novak") || c.getText().contains("Lukas Weber"), c.getText());
    }
    assertTrue(driver.getCurrentUrl().contains("blind=1"));
    driver.findElement(By.id("blind-toggle")).click();

    // Integrity flags (another engineer's field): rendered from the contract when present.
    Object flag = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "const li = resultItem({rank: 9, id: 'x', title: 'X', score: 5, must_haves: {met: 0, unmet: 0, unknown: 0},"
            + " evidence: [], metadata: {}, flags: [{kind: 'hidden_text', message: 'white text on white',"
            + " evidence: 'python python'}]}, {candidates: true, feedback: false, query: {}});"
            + " const d = li.querySelector('details.flag'); return d.dataset.kind + '|' + d.textContent;");
    assertEquals("hidden_text|⚠ white text on whitepython python", flag);

    for (String c : List.of(shortlisted, rejected)) {
      ts.send(ts.request("/api/feedback?query_type=topic&query=NLP&candidate=" + c)
          .header("Authorization", "Bearer " + TestServer.TOKEN).DELETE());
    }
  }
}
