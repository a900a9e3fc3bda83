package dev.rolematch.app;

import dev.rolematch.index.IndexLayout;
import dev.rolematch.match.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which calibration an index scores with, and from where. Precedence: the index's own file ({@code
 * <index>/calibration/<model>.json}, written only by a feedback refit) when present and fitted for
 * this scorer; else the shipped one ({@code data/calibration/<model>.json} under the home); else the
 * uncalibrated fallback. One rule for every front door (match, serve, stats, refresh), so a stored
 * score and a query's score never use different calibrations.
 *
 * @param origin {@code index}, {@code shipped} or {@code fallback}
 * @param file the file read, or null for the fallback
 * @param note why the index's own file was passed over (unreadable, other scorer), else null
 */
public record CalibrationInUse(Calibration calibration, String origin, Path file, String note) {

  public static final String INDEX = "index";
  public static final String SHIPPED = "shipped";
  public static final String FALLBACK = "fallback";

  /** The calibration {@code modelId} uses on the index at {@code layout}. */
  public static CalibrationInUse forIndex(IndexLayout layout, String modelId) throws IOException {
    Path own = Calibration.fileFor(layout.calibration(), modelId);
    String note = null;
    if (Files.isRegularFile(own)) {
      try {
        Calibration c = Calibration.load(layout.calibration(), modelId);
        if (c.isCalibrated() && modelId.equals(c.modelId())) {
          return new CalibrationInUse(c, INDEX, own, null);
        }
        note = own + " is not usable (" + c.source() + "); using the shipped calibration";
      } catch (IOException e) {
        note = own + " could not be read (" + e.getMessage() + "); using the shipped calibration";
      }
    }
    return shipped(modelId, note);
  }

  /** The shipped calibration of a model (no index involved: evaluation indexes, fairness). */
  public static CalibrationInUse shipped(String modelId, String note) throws IOException {
    Calibration c = Calibration.load(Home.calibrationDir(), modelId);
    Path file = Calibration.fileFor(Home.calibrationDir(), modelId);
    return c.isCalibrated() ? new CalibrationInUse(c, SHIPPED, file, note)
        : new CalibrationInUse(c, FALLBACK, null, note);
  }

  /** As {@code stats --json}, {@code /api/health} and the page show it (snake_case; no server paths). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("origin", origin);
    m.put("source", calibration.source());
    m.put("fitted_at", calibration.fittedAt());
    m.put("fitted_pairs", calibration.fittedPairs());
    m.put("calibrated", calibration.isCalibrated());
    if (note != null) {
      m.put("note", note);
    }
    return m;
  }
}
