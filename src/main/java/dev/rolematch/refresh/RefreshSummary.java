package dev.rolematch.refresh;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A run's result. The first five fields are the {@code --json} contract, in this order; {@code
 * embedded} is always 0 (refresh reads stored vectors and never embeds) and stays as the proof.
 */
@JsonPropertyOrder({"scored", "fresh", "failed", "embedded", "seconds", "pairs_per_second", "removed",
    "postings", "load_seconds", "failures"})
public record RefreshSummary(long scored, long fresh, long failed, long embedded, double seconds,
    double pairsPerSecond, long removed, int postings, double loadSeconds, List<RefreshFailure> failures) {}
