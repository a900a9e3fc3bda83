/**
 * The command line: {@link dev.rolematch.cli.Main} and its picocli commands, the open {@link
 * dev.rolematch.cli.Session} (index, embedder and matcher together), the one JSON writer of every
 * {@code --json} output ({@link dev.rolematch.cli.Json}) and user-fixable errors. The outermost
 * layer: it may use every other package, and no package should depend on it (today {@code server}
 * uses Session and Json; ArchitectureTest holds that to exactly those).
 */
package dev.rolematch.cli;
