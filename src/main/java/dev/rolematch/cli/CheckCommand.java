package dev.rolematch.cli;

import dev.rolematch.app.Json;
import dev.rolematch.index.IndexCheck;
import dev.rolematch.index.IndexLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rolematch check}: is the index intact? Exit 0 clean, 1 damaged, 2 no index. */
@Command(
    mixinStandardHelpOptions = true,
    name = "check",
    description = {"Verify the index: Lucene CheckIndex on the documents and the scores store, and every stored",
        "vector (finite, unit norm, equal to its kNN vector). Read-only. Exit: 0 clean, 1 damaged."})
final class CheckCommand implements Callable<Integer> {
  @Option(names = "--index", paramLabel = "DIR",
      description = "index folder (default: $ROLEMATCH_INDEX, else ./" + IndexLayout.DEFAULT_DIR + ")")
  String index;

  @Option(names = "--json", description = "print the report as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    IndexLayout layout = dev.rolematch.app.StoreChoice.layout(index, null);
    dev.rolematch.app.StoreChoice.requireEmbedded(layout, "check", "Solr checks its own index files: use the"
        + " cluster's tools (the Collections API's COLSTATUS, CheckIndex on a core)");
    IndexCheck.Report r = IndexCheck.run(layout);
    if (json) {
      Json.print(System.out, r);
    } else {
      System.out.printf("index %s (generation %s, model %s)%n", r.index(), r.generation(), r.model());
      for (IndexCheck.Part p : r.lucene()) {
        System.out.printf(Locale.ROOT, "%s: Lucene CheckIndex %s (%d segments, %d documents)%n", p.name(),
            p.clean() ? "clean" : "FOUND PROBLEMS", p.segments(), p.documents());
        for (String problem : p.problems()) {
          System.out.println("  " + problem);
        }
      }
      IndexCheck.Vectors v = r.vectors();
      if (v.badCount() == 0) {
        System.out.printf("vectors: %d stored vectors checked: finite, unit norm, equal to the kNN vectors%n",
            v.checked());
      } else {
        System.out.printf("vectors: %d of %d stored vectors are bad%n", v.badCount(), v.checked());
        for (IndexCheck.BadVector b : v.bad()) {
          System.out.println("  document " + b.id() + (b.where() == null ? "" : " (" + b.where() + ")") + ": "
              + b.problem());
        }
        if (v.badCount() > v.bad().size()) {
          System.out.println("  ... and " + (v.badCount() - v.bad().size()) + " more");
        }
      }
      System.out.println(r.clean() ? "clean" : "DAMAGED: " + r.advice());
    }
    return r.clean() ? 0 : 1;
  }
}
