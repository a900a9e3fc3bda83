package dev.rolematch.match;

import dev.rolematch.ingest.RequirementKind;
import dev.rolematch.ingest.RoleProfile;
import java.util.List;
import java.util.Set;

/**
 * The query side of a pair: a posting's requirements, or a topic, as embedded needs.
 *
 * @param type {@code posting} or {@code topic}: selects the calibration
 * @param docVector whole-text vector of the query: the posting's text, or a topic's name (as a query)
 * @param titleVector a posting's title embedded as a query, or null (no title; topics)
 * @param allTerms distinct terms over all needs (computed once, used for every candidate)
 */
public record QueryProfile(
    String type, String id, String title, List<Need> needs, float[] docVector, float[] titleVector,
    Set<String> allTerms, RoleProfile role) {

  public QueryProfile(String type, String id, String title, List<Need> needs, float[] docVector) {
    this(type, id, title, needs, docVector, null, union(needs), RoleProfile.UNKNOWN);
  }

  public QueryProfile(String type, String id, String title, List<Need> needs, float[] docVector,
      float[] titleVector) {
    this(type, id, title, needs, docVector, titleVector, union(needs), RoleProfile.UNKNOWN);
  }

  /** The same query with the role (level, family) it asks for. */
  public QueryProfile withRole(RoleProfile r) {
    return new QueryProfile(type, id, title, needs, docVector, titleVector, allTerms, r);
  }

  private static Set<String> union(List<Need> needs) {
    Set<String> all = new java.util.LinkedHashSet<>();
    for (Need n : needs) {
      all.addAll(n.terms());
    }
    return java.util.Collections.unmodifiableSet(all);
  }

  /**
   * One requirement.
   *
   * @param degree minimum degree this must-have asks for (PhD, MS, BS), or null
   */
  public record Need(String text, RequirementKind kind, float[] vector, Set<String> terms, String degree) {}
}
