package dev.rolematch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolematch.index.IndexLayout;
import dev.rolematch.match.Calibration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which calibration an index uses: its own refit when present and usable, else the shipped one. */
class CalibrationInUseTest {

  static final String MODEL = "all-minilm-l6-v2";

  @Test
  void theIndexsOwnFileWinsAndABrokenOneFallsBackToTheShipped(@TempDir Path tmp) throws Exception {
    IndexLayout layout = new IndexLayout(tmp.resolve("index"));
    CalibrationInUse shipped = CalibrationInUse.forIndex(layout, MODEL);
    assertEquals(CalibrationInUse.SHIPPED, shipped.origin());
    Calibration onDisk = Calibration.load(Home.calibrationDir(), MODEL);
    assertEquals(onDisk.source() + onDisk.fittedAt(), shipped.calibration().source() + shipped.calibration().fittedAt());

    Calibration s = shipped.calibration();
    Calibration refit = new Calibration(MODEL, s.topic(), s.posting(), s.fittedPairs() + 6, s.scorerVersion(),
        "feedback refit: test", "2026-12-06T19:00:00Z");
    Path file = refit.writeDurably(layout.calibration());
    assertEquals(Calibration.fileFor(tmp.resolve("index").resolve("calibration"), MODEL), file);
    assertFalse(Files.exists(file.resolveSibling(MODEL + ".json.tmp")), "the temp file was renamed");
    CalibrationInUse own = CalibrationInUse.forIndex(layout, MODEL);
    assertEquals(CalibrationInUse.INDEX, own.origin());
    assertEquals("2026-12-06T19:00:00Z", own.calibration().fittedAt());
    assertEquals("index", own.describe().get("origin"));

    Files.writeString(file, "{ torn");
    CalibrationInUse broken = CalibrationInUse.forIndex(layout, MODEL);
    assertEquals(CalibrationInUse.SHIPPED, broken.origin());
    assertTrue(broken.note() != null && broken.note().contains("could not be read"), broken.note());
  }
}
