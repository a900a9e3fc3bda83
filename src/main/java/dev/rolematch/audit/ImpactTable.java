package dev.rolematch.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One LL144 table: for each category of one dimension (sex, race/ethnicity, or their
 * intersection), how many candidates were assessed and selected, the selection rate (selected /
 * assessed) and the impact ratio (the category's rate / the highest rate). Following the rule, a
 * category with fewer than {@value #SMALL_SHARE} of the assessed candidates is reported but left
 * out of the impact ratios (neither given one nor used as the highest rate), and so is
 * {@link Demographics#UNKNOWN}.
 */
public final class ImpactTable {

  /** Share of the assessed candidates under which a category may be excluded from impact ratios. */
  public static final double SMALL_SHARE = 0.02;

  /** One category's line; {@code impactRatio} is null where the category is excluded. */
  public record Row(String category, int candidates, int selected, double selectionRate, Double impactRatio,
      String note) {}

  private ImpactTable() {}

  /** The table of one dimension over the assessments, categories in alphabetical order, Unknown last. */
  public static List<Row> of(List<Assessment> assessments, Function<String, String> categoryOf) {
    Map<String, int[]> counts = new TreeMap<>((a, b) -> {
      boolean ua = a.equals(Demographics.UNKNOWN);
      boolean ub = b.equals(Demographics.UNKNOWN);
      return ua == ub ? a.compareTo(b) : ua ? 1 : -1;
    });
    for (Assessment a : assessments) {
      int[] c = counts.computeIfAbsent(categoryOf.apply(a.candidateId()), k -> new int[2]);
      c[0]++;
      if (a.selected()) {
        c[1]++;
      }
    }
    int total = assessments.size();
    double highest = 0;
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      if (included(e.getKey(), e.getValue()[0], total)) {
        highest = Math.max(highest, rate(e.getValue()));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int[] c = e.getValue();
      String note = "";
      Double ratio = null;
      if (e.getKey().equals(Demographics.UNKNOWN)) {
        note = "unknown category: excluded from impact ratios";
      } else if (!included(e.getKey(), c[0], total)) {
        note = "under 2 % of candidates: excluded from impact ratios";
      } else if (highest == 0) {
        note = "no candidate of any category was selected";
      } else {
        ratio = rate(c) / highest;
      }
      rows.add(new Row(e.getKey(), c[0], c[1], rate(c), ratio, note));
    }
    return rows;
  }

  private static boolean included(String category, int n, int total) {
    return !category.equals(Demographics.UNKNOWN) && n >= SMALL_SHARE * total;
  }

  private static double rate(int[] c) {
    return c[0] == 0 ? 0 : (double) c[1] / c[0];
  }
}
