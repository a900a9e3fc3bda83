package dev.rolematch.refresh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.PairScorer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a stored score depends on besides the two texts and the model: the scorer's code ({@link
 * PairScorer#VERSION}), the calibration it applies and the corpus statistics snapshot its lexical
 * features read (retaken only when the corpus drifts). The version string is {@code
 * <VERSION>+<first 12 hex of SHA-256 of the calibration>}, e.g. {@code 1+3f2a9c0b1d4e}, so that both
 * a scorer change and a recalibration ({@code eval calibrate} rewriting the file) mark every stored
 * score stale.
 *
 * <p>The hash is over the calibration as loaded (serialised canonically, map keys sorted), not the
 * file's bytes: that is exactly what the scorer applies, it covers the built-in uncalibrated
 * fallback (no file) and calibrations handed over in code, and reformatting the file changes
 * nothing that matters.
 */
public final class ScorerVersion {
  private ScorerVersion() {}

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The version of a scorer: its code, its calibration and the corpus statistics snapshot it uses. */
  public static String of(PairScorer scorer) {
    return of(scorer.calibration(), scorer.stats());
  }

  public static String of(Calibration calibration, dev.rolematch.index.CorpusStats stats) {
    try {
      byte[] json = CANONICAL.writeValueAsBytes(java.util.List.of(calibration,
          java.util.List.of(stats.docs(), stats.averageLength(), stats.fingerprint())));
      return PairScorer.VERSION + "+" + sha256(json).substring(0, 12);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
