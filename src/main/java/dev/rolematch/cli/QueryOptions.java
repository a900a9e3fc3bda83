package dev.rolematch.cli;

import dev.rolematch.index.Filters;
import picocli.CommandLine.Option;

/** Options of the three query commands. */
public final class QueryOptions {
  @Option(names = "--top", defaultValue = "10", description = "results to return (default: ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--json", description = "print the JSON result (contract in README)")
  boolean json;

  @Option(names = "--must", paramLabel = "QUERY",
      description = "only documents matching this Lucene query over their text, e.g. 'python AND pytorch'")
  String must;

  @Option(names = "--location", paramLabel = "TEXT", description = "only documents whose location contains these words")
  String location;

  @Option(names = "--min-years", paramLabel = "N", description = "only documents with at least N years of experience")
  Integer minYears;

  Filters filters() {
    if (top < 1) {
      throw new UserException("--top must be at least 1");
    }
    if (minYears != null && minYears < 0) {
      throw new UserException("--min-years must not be negative");
    }
    return new Filters(must, location, minYears);
  }
}
