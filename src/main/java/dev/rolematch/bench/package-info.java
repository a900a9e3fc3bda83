/**
 * Speed and memory measurements behind {@code ./rolematch bench}: embedding throughput and memory,
 * query latency and HNSW recall, refresh throughput, HTTP load on a running server, and the ONNX
 * Runtime peer the parity tests compare with. Benches drive the product's own classes (embed,
 * index, ingest, match, refresh) on generated data and print tables; they are reached only from
 * {@code cli}, and no product package may depend on them.
 */
package dev.rolematch.bench;
