package dev.rolematch.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document into chunks that fit a model's token window, following its structure.
 *
 * <p>The text is cut into sections at headings (posting headings as in {@link PostingParser}, and
 * resume headings such as Experience, Education, Skills), each section into units (bullets and
 * paragraphs), and consecutive units of one section are packed into a chunk while they fit the
 * target. A unit over the target is split at sentence boundaries, a sentence still over it at word
 * boundaries (binary search on the word count, within a window of at most {@code target} words,
 * so run-on text chunks in linear time), a single word still over it at character boundaries. A chunk never exceeds {@code maxTokens} as measured by the given counter. Nothing is
 * prefixed: the heading is reported in {@link Chunk#section()}, not repeated in the text.
 *
 * <p>Counting is about one {@link TokenCounter#count} call per unit plus one per chunk: packing
 * adds per-unit counts (minus the special tokens each count includes) and verifies each chunk
 * once, re-packing with exact counts in the rare case the estimate was low.
 */
public final class Chunker {

  public static final int DEFAULT_CHUNK_LIMIT = 512;

  private final int chunkLimit;

  public Chunker() {
    this(DEFAULT_CHUNK_LIMIT);
  }

  /** @param chunkLimit most chunks per document; text past it is dropped with a warning */
  public Chunker(int chunkLimit) {
    if (chunkLimit < 1) {
      throw new IllegalArgumentException("chunkLimit must be >= 1: " + chunkLimit);
    }
    this.chunkLimit = chunkLimit;
  }

  public ChunkedText chunk(String text, TokenCounter counter, int maxTokens) {
    return chunk(text, counter, maxTokens, maxTokens);
  }

  /**
   * @param maxTokens hard limit per chunk, special tokens included
   * @param targetTokens size to pack chunks up to (at most maxTokens): smaller gives more focused
   *     chunks
   */
  public ChunkedText chunk(String text, TokenCounter counter, int maxTokens, int targetTokens) {
    if (targetTokens < 1 || targetTokens > maxTokens) {
      throw new IllegalArgumentException(
          "need 1 <= targetTokens <= maxTokens, got " + targetTokens + " and " + maxTokens);
    }
    String t = TextNormalizer.normalize(text);
    if (t.isEmpty()) {
      return new ChunkedText(List.of(), List.of());
    }
    Run run = new Run(counter, maxTokens, targetTokens);
    List<Chunk> chunks = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    List<Headings.Match> headings = Headings.any(t);
    int pos = 0;
    String label = "";
    for (int i = 0; i <= headings.size(); i++) {
      int end = i < headings.size() ? headings.get(i).start() : t.length();
      if (end > pos) {
        for (String chunkText : run.section(t.substring(pos, end))) {
          if (chunks.size() == chunkLimit) {
            warnings.add(
                "chunk limit " + chunkLimit + " reached: dropped the rest of the text from section '"
                    + label + "' (which starts at char " + pos + " of " + t.length() + ") on");
            return new ChunkedText(chunks, warnings);
          }
          chunks.add(new Chunk(chunks.size(), label, chunkText));
        }
      }
      if (i < headings.size()) {
        label = headings.get(i).label();
        pos = Math.max(pos, headings.get(i).bodyStart());
      }
    }
    return new ChunkedText(chunks, warnings);
  }

  /** A piece of text with its exact token count; joined to the previous piece by sep. */
  private record Piece(String text, int tokens, String sep) {}

  /** State of one chunk() call. */
  private static final class Run {
    private final TokenCounter counter;
    private final int max;
    private final int target;
    private final int special; // tokens every count includes (e.g. [CLS] and [SEP])

    Run(TokenCounter counter, int max, int target) {
      this.counter = counter;
      this.max = max;
      // count("a") + count("a") - count("a a") is the per-text overhead for word-level tokenizers
      int one = counter.count("a");
      this.special = Math.max(0, Math.min(one - 1, 2 * one - counter.count("a a")));
      if (one > max) {
        throw new IllegalArgumentException(
            "maxTokens " + max + " leaves no room for text (a one-letter text counts " + one + ")");
      }
      this.target = target;
    }

    /** Chunk texts of one section body. */
    List<String> section(String body) {
      List<Piece> pieces = new ArrayList<>();
      for (TextSplitter.Block block : TextSplitter.blocks(body)) {
        String unit = block.bullet() ? "- " + block.text() : block.text();
        int tokens = counter.count(unit);
        if (tokens <= target) {
          pieces.add(new Piece(unit, tokens, "\n"));
          continue;
        }
        String sep = "\n";
        for (String sentence : TextSplitter.sentences(unit)) {
          int st = counter.count(sentence);
          if (st <= target) {
            pieces.add(new Piece(sentence, st, sep));
          } else {
            for (Piece p : splitWords(sentence)) {
              pieces.add(new Piece(p.text(), p.tokens(), sep));
              sep = " ";
            }
          }
          sep = " ";
        }
      }
      return pack(pieces);
    }

    /** Greedy packing by estimated size, each chunk verified with one exact count. */
    private List<String> pack(List<Piece> pieces) {
      List<String> out = new ArrayList<>();
      int i = 0;
      while (i < pieces.size()) {
        int estimate = pieces.get(i).tokens();
        int j = i + 1;
        while (j < pieces.size() && estimate + pieces.get(j).tokens() - special <= target) {
          estimate += pieces.get(j).tokens() - special;
          j++;
        }
        String text = join(pieces, i, j);
        if (j - i > 1 && counter.count(text) > max) {
          // estimate was low (tokens merged across the joins): repack with exact counts
          j = i + 1;
          text = pieces.get(i).text();
          while (j < pieces.size()) {
            String longer = join(pieces, i, j + 1);
            if (counter.count(longer) > target) {
              break;
            }
            text = longer;
            j++;
          }
        }
        out.add(text);
        i = j;
      }
      return out;
    }

    private static String join(List<Piece> pieces, int from, int to) {
      StringBuilder sb = new StringBuilder(pieces.get(from).text());
      for (int k = from + 1; k < to; k++) {
        sb.append(pieces.get(k).sep()).append(pieces.get(k).text());
      }
      return sb.toString();
    }

    /**
     * Splits an over-long sentence into the fewest word runs that fit, by binary search within a
     * window of {@code target} words: every word is at least one token, so a longer run cannot fit,
     * and each step counts only its window (linear in the sentence, not quadratic).
     */
    private List<Piece> splitWords(String sentence) {
      String[] words = sentence.strip().split("\\s+");
      List<Piece> out = new ArrayList<>();
      int start = 0;
      while (start < words.length) {
        // largest end in (start, min(words.length, start + target)] with count(words[start, end)) <= target
        int lo = start + 1;
        int hi = (int) Math.min(words.length, (long) start + target);
        int best = -1;
        int bestTokens = 0;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          int c = counter.count(String.join(" ", java.util.Arrays.copyOfRange(words, start, mid)));
          if (c <= target) {
            best = mid;
            bestTokens = c;
            lo = mid + 1;
          } else {
            hi = mid - 1;
          }
        }
        if (best < 0) {
          out.addAll(splitChars(words[start])); // one word over the target (a long URL, a hash)
          start++;
        } else {
          out.add(new Piece(String.join(" ", java.util.Arrays.copyOfRange(words, start, best)), bestTokens, " "));
          start = best;
        }
      }
      return out;
    }

    private static final int CHARS_PER_TOKEN_WINDOW = 32;

    /** Splits one huge word into runs of code points that fit. */
    private List<Piece> splitChars(String word) {
      List<Piece> out = new ArrayList<>();
      int start = 0;
      while (start < word.length()) {
        int lo = word.offsetByCodePoints(start, 1);
        // A window of a few dozen characters per token of target keeps each count short (a
        // tokenizer may make one token of a very long run, e.g. BERT's [UNK] for words over 100 chars).
        int hi = (int) Math.min(word.length(), (long) start + CHARS_PER_TOKEN_WINDOW * target);
        if (hi < word.length() && Character.isLowSurrogate(word.charAt(hi))) {
          hi++;
        }
        int best = lo;
        int bestTokens = counter.count(word.substring(start, lo));
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          if (mid < word.length() && Character.isLowSurrogate(word.charAt(mid))) {
            mid++;
          }
          if (mid > hi) {
            break;
          }
          int c = counter.count(word.substring(start, mid));
          if (c <= target) {
            best = mid;
            bestTokens = c;
            lo = mid + 1;
          } else {
            hi = mid - 1;
          }
        }
        if (bestTokens > max) {
          throw new IllegalStateException(
              "cannot fit even one character into " + max + " tokens: '" + word.substring(start, best) + "'");
        }
        out.add(new Piece(word.substring(start, best), bestTokens, ""));
        start = best;
      }
      return out;
    }
  }
}
