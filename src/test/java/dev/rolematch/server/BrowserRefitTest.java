package dev.rolematch.server;

import static dev.rolematch.server.ApiIntegrationTest.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Home;
import dev.rolematch.match.Calibration;
import java.io.File;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin's refit on the page, in headless Chromium: feedback is given, the refit button starts
 * the server's job, its progress shows, and the page foot then shows the new calibration (this
 * index's refit, with a new date) without a restart. The refit is real (real index, features, fit
 * and dev check) over small labelled sets the test writes ({@link RefitData}), so it takes seconds
 * rather than the minutes of category_dev.
 */
class BrowserRefitTest {

  static TestServer ts;
  static WebDriver driver;
  static Path dir;

  /** Verdicts of the admin (user "default") on the test server's documents. */
  static final List<String[]> VERDICTS = List.of(
      new String[] {"topic", "NLP", "jana-novak", "good_fit"},
      new String[] {"topic", "NLP", "lukas-weber", "shortlist"},
      new String[] {"topic", "NLP", "marco-bellini", "reject"},
      new String[] {"topic", "NLP", "ola-nordmann", "reject"},
      new String[] {"posting", "nlp-intern", "jana-novak", "good_fit"},
      new String[] {"posting", "nlp-intern", "marco-bellini", "reject"});

  @BeforeAll
  static void start() throws Exception {
    ts = TestServer.get();
    // The refit learns from every verdict stored: other tests' leftovers on the shared server (the
    // 10,000 rows of FeedbackApiTest) would be its feedback, so this test starts from none.
    var store = ts.server.feedback().store();
    store.delete(store.list(f -> true).stream().map(dev.rolematch.feedback.Feedback::key).toList());
    dir = Files.createTempDirectory("rolematch-refit-test-");
    ts.server.calibration().useSources(RefitData.write(dir));
    driver = Browsers.headless(Files.createDirectories(dir.resolve("chromium")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    // The shared server goes back to the shipped calibration for the tests after this one.
    ts.server.calibration().useSources(null);
    Files.deleteIfExists(Calibration.fileFor(ts.session.index.layout().calibration(), TestServer.MODEL));
    ts.session.reloadCalibration();
    for (String[] v : VERDICTS) {
      ts.send(ts.request("/api/feedback?query_type=" + v[0] + "&query=" + v[1] + "&candidate=" + v[2])
          .header("Authorization", "Bearer " + TestServer.TOKEN).DELETE());
    }
  }

  WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  @Test
  void adminRefitsFromFeedbackAndThePageShowsTheNewCalibration() throws Exception {
    Path shipped = Calibration.fileFor(Home.calibrationDir(), TestServer.MODEL);
    byte[] shippedBefore = Files.readAllBytes(shipped);
    StringBuilder items = new StringBuilder();
    for (String[] v : VERDICTS) {
      items.append(items.length() == 0 ? "" : ",").append(FeedbackApiTest.entry(v[0], v[1], v[2], v[3], null));
    }
    assertEquals(201, ts.send(ts.request("/api/feedback").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestServer.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[" + items + "]}"))).statusCode());

    driver.get(ts.base + "/");
    ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('rolematch-token', arguments[0])",
        TestServer.TOKEN);
    driver.navigate().refresh();
    WebElement foot = driver.findElement(By.id("calibration"));
    waitUpTo(30).until(d -> !foot.getAttribute("data-origin").isEmpty());
    assertEquals("shipped", foot.getAttribute("data-origin"), foot.getText());
    String before = foot.getAttribute("data-fitted-at");
    assertFalse(before.isEmpty());

    WebElement panel = driver.findElement(By.id("calibration-panel"));
    driver.findElement(By.id("refit-button")).click();
    waitUpTo(300).until(d -> List.of("done", "refused", "failed").contains(panel.getAttribute("data-state")));
    String status = driver.findElement(By.id("refit-status")).getText();
    assertEquals("done", panel.getAttribute("data-state"), status);
    assertTrue(status.contains("dev nDCG@10"), status);

    // The foot and the panel show this index's refit, dated now, without a reload or restart.
    waitUpTo(10).until(d -> "index".equals(foot.getAttribute("data-origin")));
    String after = foot.getAttribute("data-fitted-at");
    assertFalse(after.equals(before), before + " -> " + after);
    assertTrue(foot.getText().contains("feedback refit") && foot.getText().contains(after), foot.getText());
    assertEquals(after, driver.findElement(By.id("calibration-in-use")).getAttribute("data-fitted-at"));
    shoot("refit.png");

    // The server scores with it (health and the matcher agree); the file is the index's own, and
    // the shipped calibration is byte for byte what it was.
    JsonNode health = json(ts.get("/api/health")).get("calibration");
    assertEquals("index", health.get("origin").asText());
    assertEquals(after, health.get("fitted_at").asText());
    assertEquals(after, ts.session.matcher().scorer().calibration().fittedAt());
    Path own = Calibration.fileFor(ts.session.index.layout().calibration(), TestServer.MODEL);
    assertEquals(after, Calibration.load(own.getParent(), TestServer.MODEL).fittedAt());
    assertArrayEquals(shippedBefore, Files.readAllBytes(shipped));
    JsonNode job = json(ts.get("/api/calibration/refit"));
    assertEquals("default", job.get("started_by").asText());
    assertTrue(job.get("result").get("dev_check").get("ok").asBoolean(), job.toString());
    assertEquals(VERDICTS.size(), job.get("result").get("feedback_pairs").asInt(), job.toString());

    // A reload shows the same: it is the server's state, not the page's.
    driver.navigate().refresh();
    waitUpTo(30).until(d -> after.equals(d.findElement(By.id("calibration")).getAttribute("data-fitted-at")));
    // A recruiter may not start one (FeedbackUsersApiTest covers the other guards).
    assertEquals(403, ts.send(ts.request("/api/calibration/refit").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestServer.ALICE_TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")))
        .statusCode());
  }

  void shoot(String name) throws Exception {
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(shots.resolve(name)) > 10_000, name);
  }
}
