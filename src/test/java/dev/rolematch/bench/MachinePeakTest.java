package dev.rolematch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The peak formula on the CPU descriptions it reads (no timing: a formula check). */
class MachinePeakTest {

  @Test
  void avx2FmaAtTheNominalClock() {
    MachinePeak p = MachinePeak.parse(2, List.of(
        "model name\t: Intel(R) Xeon(R) CPU @ 2.45GHz", "cpu MHz\t\t: 2600.000",
        "flags\t\t: fpu sse sse2 avx avx2 fma"));
    assertEquals(8, p.lanes());
    assertTrue(p.fma());
    assertEquals(2 * 8 * 2 * 2 * 2.45, p.gflops(), 1e-9); // ~157 GFLOP/s
    assertTrue(p.source().contains("nominal"), p.source());
  }

  @Test
  void avx512WithoutANominalClockUsesTheCurrentOne() {
    MachinePeak p = MachinePeak.parse(4, List.of("model name\t: Some CPU", "cpu MHz\t\t: 3000.0",
        "flags\t\t: sse avx avx2 fma avx512f"));
    assertEquals(16, p.lanes());
    assertEquals(4 * 16 * 2 * 2 * 3.0, p.gflops(), 1e-9);
    MachinePeak old = MachinePeak.parse(1, List.of("cpu MHz\t\t: 2000", "flags\t\t: sse sse2"));
    assertEquals(1 * 4 * 1 * 2 * 2.0, old.gflops(), 1e-9);
  }
}
