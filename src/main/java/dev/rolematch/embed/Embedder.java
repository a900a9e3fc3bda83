package dev.rolematch.embed;

import java.util.Collections;
import java.util.List;

/**
 * Turns texts into L2-normalised float vectors. Implementations are safe for concurrent callers.
 *
 * <p>Texts longer than {@link #maxTokens()} are truncated and counted in {@link #truncatedCount()};
 * splitting long documents into chunks is the caller's job (see {@link #countTokens(String)}).
 */
public interface Embedder extends AutoCloseable {

  ModelIdentity identity();

  /** Maximum number of tokens (special tokens included) the model sees per text. */
  int maxTokens();

  /** Number of tokens (special tokens included) this text encodes to, before truncation. */
  int countTokens(String text);

  /**
   * Embeds texts in order. Empty or blank texts are embedded as the model sees them (special tokens
   * only); a null text is an {@link IllegalArgumentException}.
   */
  float[][] embed(List<String> texts, Role role);

  /** Embeds one text; a null text is an {@link IllegalArgumentException}, as for the list form. */
  default float[] embed(String text, Role role) {
    // Not List.of: it would throw a NullPointerException before the null check names the text.
    return embed(Collections.singletonList(text), role)[0];
  }

  /** How many texts were truncated at {@link #maxTokens()} since this embedder was opened. */
  long truncatedCount();

  /** How many texts were embedded since this embedder was opened. */
  long embeddedCount();

  @Override
  void close();
}
