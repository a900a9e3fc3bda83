package dev.rolematch.ingest;

/**
 * Counts the tokens a model sees for a text, special tokens included. Usually a real tokenizer, so
 * calls are not free; {@link Chunker} keeps them to about one per unit of text.
 */
@FunctionalInterface
public interface TokenCounter {
  int count(String text);
}
