/**
 * The application root: configuration and wiring, shared by the front doors {@code cli} and {@code
 * server}. It owns
 *
 * <ul>
 *   <li>{@link dev.rolematch.app.Home}: where the rolematch home is (the one reader of the {@code
 *       rolematch.home} and {@code rolematch.models} properties) and, under it, the model catalog,
 *       the calibrations and the topic taxonomy;
 *   <li>{@link dev.rolematch.app.Session}: the composition root; which index, which model (the
 *       index's, else the default for new indexes), which calibration and taxonomy, opened together
 *       as index, embedder and matcher, for queries or holding the index's writer lock;
 *   <li>{@link dev.rolematch.app.Json}: the one JSON mapper of every {@code --json} output and of
 *       the HTTP API (snake_case field names are a contract).
 * </ul>
 *
 * <p>It must not know its callers: no dependency on {@code cli}, {@code server} or {@code bench};
 * no argument parsing, HTTP or rendering. It holds no matching, indexing or embedding rules
 * either: those live in {@code match}, {@code index} and {@code embed}, which are given what
 * {@code app} decides (paths, catalogs, calibrations) and never depend on {@code app}
 * (ArchitectureTest).
 */
package dev.rolematch.app;
