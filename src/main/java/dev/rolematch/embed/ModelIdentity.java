package dev.rolematch.embed;

/**
 * Who made a vector. The index stores this and refuses to mix vectors from different models.
 *
 * @param id descriptor id, e.g. {@code all-minilm-l6-v2}
 * @param dimension vector length
 * @param fingerprint SHA-256 (hex) over the descriptor and the weights file
 */
public record ModelIdentity(String id, int dimension, String fingerprint) {}
