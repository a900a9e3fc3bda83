package dev.rolematch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies that hold today and must not regress. Where a rule has exceptions today,
 * they are listed class by class ({@code origin -> target}, top-level classes): a new dependency
 * fails the rule, and so does an exception that no longer exists (remove it from the list, so the
 * list only ever shrinks). An explicit list rather than ArchUnit's freezing store: the exceptions
 * are few, and this way they are read and reviewed in one place.
 */
class ArchitectureTest {

  static final String ROOT = "dev.rolematch";

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  static String pkg(String name) {
    return ROOT + "." + name + "..";
  }

  // ---- rules without exceptions ----

  @Test
  void ingestKnowsNothingOfIndexesVectorsMatchingServerOrCli() {
    noClasses().that().resideInAPackage(pkg("ingest"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("index"), pkg("match"), pkg("embed"), pkg("server"),
            pkg("cli"))
        .check(classes);
  }

  @Test
  void matchDoesNotDependOnItsCallers() {
    noClasses().that().resideInAPackage(pkg("match"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("cli"), pkg("server"), pkg("refresh"))
        .check(classes);
  }

  @Test
  void embedStandsAlone() {
    noClasses().that().resideInAPackage(pkg("embed"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("index"), pkg("match"), pkg("ingest"), pkg("refresh"),
            pkg("server"), pkg("cli"))
        .check(classes);
  }

  @Test
  void indexKnowsNothingOfScoringRefreshServerOrCli() {
    noClasses().that().resideInAPackage(pkg("index"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("match"), pkg("refresh"), pkg("server"), pkg("cli"))
        .check(classes);
  }

  /** The SolrCloud backend is a store like the embedded index: it knows documents, not scoring or embedding. */
  @Test
  void solrKnowsOnlyTheStoreSeamAndDocuments() {
    noClasses().that().resideInAPackage(pkg("solr"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("match"), pkg("embed"), pkg("cli"), pkg("server"),
            pkg("refresh"), pkg("app"), pkg("pipeline"), pkg("eval"), pkg("bench"))
        .check(classes);
  }

  /** SolrJ stays behind the seam: only the solr package talks to Solr. */
  @Test
  void onlyTheSolrBackendUsesSolrJ() {
    noClasses().that().resideOutsideOfPackage(pkg("solr"))
        .should().dependOnClassesThat().resideInAPackage("org.apache.solr..")
        .check(classes);
  }

  @Test
  void onlyTheCommandLineReachesTheBenches() {
    noClasses().that().resideOutsideOfPackages(pkg("bench"), pkg("cli"))
        .should().dependOnClassesThat().resideInAPackage(pkg("bench"))
        .check(classes);
  }

  /** Feedback is a store of verdicts: it knows no document, score or front door. */
  @Test
  void feedbackStandsAlone() {
    noClasses().that().resideInAPackage(pkg("feedback"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("index"), pkg("match"), pkg("embed"), pkg("ingest"),
            pkg("eval"), pkg("refresh"), pkg("app"), pkg("server"), pkg("cli"))
        .check(classes);
  }

  /**
   * {@code cli} starts the server ({@code serve}, {@code bench serve}), so {@code server} must not
   * reach back into {@code cli}: both are front doors over {@code app} (the open Session, the shared
   * JSON mapper, the rolematch home).
   */
  @Test
  void serverDoesNotDependOnCli() {
    noClasses().that().resideInAPackage(pkg("server"))
        .should().dependOnClassesThat().resideInAPackage(pkg("cli"))
        .check(classes);
  }

  /**
   * {@code app} wires the building blocks together and is wired into the front doors; the building
   * blocks are given what they need (paths, catalogs, calibrations) and know neither.
   */
  @Test
  void buildingBlocksDoNotDependOnTheApplicationOrItsFrontDoors() {
    noClasses().that().resideInAnyPackage(pkg("match"), pkg("embed"), pkg("index"), pkg("ingest"), pkg("eval"),
            pkg("refresh"), pkg("feedback"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("app"), pkg("cli"), pkg("server"))
        .check(classes);
  }

  /** {@code app} is the composition root below the front doors: it knows neither of them. */
  @Test
  void appDoesNotDependOnItsFrontDoors() {
    noClasses().that().resideInAPackage(pkg("app"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("cli"), pkg("server"), pkg("bench"))
        .check(classes);
  }

  /**
   * The rolematch home (and the models folder) is configuration: {@code app.Home} is the one class
   * that reads its system properties, and passes the paths to the packages that need them.
   */
  @Test
  void onlyAppHomeReadsTheHomeProperties() throws IOException {
    Path sources = Path.of("src/main/java");
    Path home = sources.resolve("dev/rolematch/app/Home.java");
    List<String> readers;
    try (Stream<Path> files = Files.walk(sources)) {
      readers = files.filter(f -> f.toString().endsWith(".java") && !f.equals(home))
          .filter(f -> {
            try {
              String text = Files.readString(f);
              return text.contains("\"rolematch.home\"") || text.contains("\"rolematch.models\"");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .map(Path::toString).sorted().toList();
    }
    assertTrue(Files.isRegularFile(home), home.toString());
    assertEquals(List.of(), readers, "read the rolematch home through app.Home");
  }

  // ---- rules with today's exceptions ----

  /**
   * The storage seam: the index stores vectors, it never makes them (embedding happens in {@code
   * pipeline}, before a document reaches a store), so a second backend implements {@code
   * index.DocumentStore} without knowing any model.
   */
  @Test
  void indexKnowsNothingOfEmbedding() {
    noClasses().that().resideInAPackage(pkg("index"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("embed"), pkg("pipeline"))
        .check(classes);
  }

  /**
   * Matching and the ingestion pipeline speak to storage through {@code index.DocumentStore}
   * only, so they run unchanged on every backend: no Lucene, no Lucene backend classes.
   */
  @Test
  void matchingAndThePipelineAreBackendNeutral() {
    noClasses().that().resideInAnyPackage(pkg("match"), pkg("pipeline"))
        .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
        .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
            "are Lucene backend classes",
            (JavaClass c) -> LUCENE_BACKEND.contains(c.getBaseComponentType().getName())))
        .check(classes);
  }

  /** The Lucene backend's own classes (the store contract's records sit beside them in {@code index}). */
  static final Set<String> LUCENE_BACKEND = Set.of(
      "dev.rolematch.index.DocumentCodec", "dev.rolematch.index.LuceneQueries", "dev.rolematch.index.LuceneDocs",
      "dev.rolematch.index.Fields", "dev.rolematch.index.MustQuery");

  /**
   * No cycles between the top-level packages.
   */
  @Test
  void packagesAreFreeOfCycles() {
    SlicesRuleDefinition.slices().matching(ROOT + ".(*)..")
        .should().beFreeOfCycles()
        .check(classes);
  }

  /**
   * Classes in {@code from} depend on classes in the {@code to} packages only as listed in
   * {@code allowed}, and every listed dependency still exists.
   */
  static void checkOnly(String from, Set<String> to, Set<String> allowed) {
    Set<String> seen = new TreeSet<>();
    ArchCondition<JavaClass> condition = new ArchCondition<>(
        "depend on " + to + " only as allowed: " + new TreeSet<>(allowed)) {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          if (to.stream().noneMatch(p -> target.getPackageName().equals(ROOT + "." + p)
              || target.getPackageName().startsWith(ROOT + "." + p + "."))) {
            continue;
          }
          String pair = topLevel(origin) + " -> " + topLevel(target);
          seen.add(pair);
          if (!allowed.contains(pair)) {
            events.add(SimpleConditionEvent.violated(d, "new dependency " + pair + ": " + d.getDescription()));
          }
        }
      }
    };
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that().resideInAPackage(pkg(from))
        .should(condition).check(classes);
    Set<String> gone = new TreeSet<>(allowed);
    gone.removeAll(seen);
    assertEquals(Set.of(), gone, "listed exceptions that no longer exist: remove them from the list");
  }

  static String topLevel(JavaClass c) {
    String name = c.getBaseComponentType().getName();
    int dollar = name.indexOf('$');
    return dollar < 0 ? name : name.substring(0, dollar);
  }
}
