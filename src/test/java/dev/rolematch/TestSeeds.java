package dev.rolematch;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Seeds for randomized tests. One seed per test JVM: {@code -Dtests.seed=N} (Maven passes it
 * through, see pom.xml) or a fresh random one. Each test draws its own {@link Random} from the seed
 * and a salt ({@link #random(String)}), so a test replays the same inputs whatever ran before it.
 *
 * <p>Register the class as an extension ({@code @ExtendWith(TestSeeds.class)}) on a randomized
 * test class: every failure of its tests then names the seed and the replay command, in the
 * assertion's own message (other exceptions get it as a suppressed note in the stack trace).
 */
public final class TestSeeds implements TestExecutionExceptionHandler {

  /** The system property that fixes the seed. */
  public static final String PROPERTY = "tests.seed";

  private static final long SEED = initialSeed();

  private static long initialSeed() {
    String given = System.getProperty(PROPERTY);
    // An unset Maven property may arrive as its literal "${tests.seed}".
    if (given == null || given.isBlank() || given.startsWith("${")) {
      return ThreadLocalRandom.current().nextLong();
    }
    try {
      return Long.decode(given.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + given + " is not a number (a long, e.g. 42 or 0x2a)", e);
    }
  }

  /** The seed of this test JVM. */
  public static long seed() {
    return SEED;
  }

  /**
   * A generator for one test: the JVM's seed mixed with {@code salt} (the test's name, say), so two
   * tests do not draw the same sequence and each replays alone.
   */
  public static Random random(String salt) {
    return new Random(mix(SEED ^ salt.hashCode() * 0x9E3779B97F4A7C15L));
  }

  /** {@code tests.seed=N}: what a failure message carries. */
  public static String describe() {
    return PROPERTY + "=" + SEED;
  }

  /** The seed and the command that replays {@code test} (e.g. {@code FooTest#bar}) with it. */
  public static String describe(String test) {
    return describe() + " (replay: mvn -B test -Dtests.seed=" + SEED + " -Dtest='" + test + "')";
  }

  /** A failure message with the seed appended. */
  public static String message(String message) {
    return message(message, "<the test>");
  }

  static String message(String message, String test) {
    return (message == null || message.isBlank() ? "" : message + " ") + "[" + describe(test) + "]";
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    if (t instanceof TestAbortedException) {
      throw t; // an assumption, not a failure
    }
    String test = context.getRequiredTestClass().getSimpleName()
        + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
    if (t instanceof AssertionError a && (a.getMessage() == null || !a.getMessage().contains(describe()))) {
      AssertionFailedError withSeed;
      if (a instanceof AssertionFailedError f && f.isExpectedDefined() && f.isActualDefined()) {
        withSeed = new AssertionFailedError(message(f.getMessage(), test), f.getExpected().getValue(),
            f.getActual().getValue(), f.getCause());
      } else {
        withSeed = new AssertionFailedError(message(a.getMessage(), test), a.getCause());
      }
      withSeed.setStackTrace(a.getStackTrace());
      for (Throwable s : a.getSuppressed()) {
        withSeed.addSuppressed(s);
      }
      throw withSeed;
    }
    if (!(t instanceof AssertionError)) {
      t.addSuppressed(new SeedNote(describe(test)));
    }
    throw t;
  }

  /** Rides along with a non-assertion failure so that its stack trace names the seed. */
  static final class SeedNote extends RuntimeException {
    SeedNote(String text) {
      super(text, null, false, false);
    }
  }

  /** SplitMix64's finaliser: nearby seeds give unrelated generators. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
