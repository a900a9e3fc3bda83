package dev.rolematch.match;

import java.util.List;
import java.util.Map;

/** The result of posting → candidates, topic → candidates and candidate → postings. */
public record MatchResponse(Map<String, Object> query, String model, List<MatchResult> results, List<String> notes) {}
