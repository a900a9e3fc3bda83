package dev.rolematch.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Refresh options are checked once, where they are made, in the words the CLI and the API share. */
class RefreshOptionsTest {

  @Test
  void topZeroIsEveryPairAndNegativeValuesAreRefused() {
    RefreshOptions d = RefreshOptions.defaults();
    assertEquals("all", d.withTop(0).mode());
    assertEquals("all", d.allPairs().mode());
    assertEquals("top:7", d.withTop(7).mode());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTop(-1)).getMessage().startsWith("top "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withThreads(0)).getMessage()
        .startsWith("threads "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withThrottle(-1)).getMessage()
        .startsWith("throttle "));
    assertThrows(IllegalArgumentException.class, () -> d.withThrottle(60_001));
    assertEquals(60_000, d.withThrottle(60_000).throttleMillis());
  }
}
