/**
 * The command line: {@link dev.rolematch.cli.Main} and its picocli commands, terminal rendering and
 * user-fixable errors. Each command opens what it needs through {@code app} (the {@link
 * dev.rolematch.app.Session}, the {@link dev.rolematch.app.Json} writer of every {@code --json}
 * output). The outermost layer: it may use every other package (it starts the server and the
 * benches), and no package depends on it (ArchitectureTest).
 */
package dev.rolematch.cli;
