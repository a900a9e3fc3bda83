package dev.rolematch.app;

import dev.rolematch.embed.ModelCatalog;
import dev.rolematch.match.Calibration;
import dev.rolematch.match.Taxonomy;
import java.nio.file.Path;

/**
 * The rolematch home: the folder that holds {@code data/} (sample documents, {@code topics.json},
 * {@code calibration/}), {@code models/} and the sources of the shipped regressions. The launcher
 * sets it with {@code -Drolematch.home}; unset, it is the working directory. This is the one place
 * that reads the {@value #PROPERTY} and {@value #MODELS_PROPERTY} properties: the packages that
 * use these files ({@code match}, {@code embed}) are given the home, and never look it up.
 */
public final class Home {

  /** The home folder. */
  public static final String PROPERTY = "rolematch.home";

  /** A models folder other than {@code models/} under the home. */
  public static final String MODELS_PROPERTY = "rolematch.models";

  private Home() {}

  /** The home folder: {@value #PROPERTY}, else the working directory ({@code .}). */
  public static Path dir() {
    return Path.of(System.getProperty(PROPERTY, "."));
  }

  /** Where calibrations live: {@code data/calibration/} under the home. */
  public static Path calibrationDir() {
    return Calibration.standardDir(dir());
  }

  /** The shipped regressions (their data sets' paths are relative to the home). */
  public static Path regressionsDir() {
    return dir().resolve("src").resolve("main").resolve("resources").resolve("regressions");
  }

  /** The topic taxonomy: {@code data/topics.json} under the home. */
  public static Path taxonomyFile() {
    return Taxonomy.standardFile(dir());
  }

  /**
   * The model descriptors: the folder {@value #MODELS_PROPERTY} names, else {@code models/} under
   * the home. Without a home the folder is the relative {@code models} (not {@code ./models}), as
   * the catalog's messages have always named it.
   */
  public static ModelCatalog modelCatalog() {
    String models = System.getProperty(MODELS_PROPERTY);
    if (models != null) {
      return new ModelCatalog(Path.of(models));
    }
    String home = System.getProperty(PROPERTY);
    return ModelCatalog.standard(home != null ? Path.of(home) : Path.of(""));
  }
}
