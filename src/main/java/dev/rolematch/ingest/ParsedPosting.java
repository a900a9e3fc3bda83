package dev.rolematch.ingest;

import java.util.List;

/**
 * A posting split into its parts.
 *
 * @param title first line when it stands alone above the body, else ""
 * @param blurb text before the first section and under "About us" headings, and under "About the
 *     job" when the posting also has a duties section (boilerplate removed)
 * @param requirements in document order
 * @param structured whether any duty/must/nice/topic section heading was recognised
 * @param notes what the parser had to do that a reader should know (no sections, cap hit, ...)
 */
public record ParsedPosting(
    String title,
    String blurb,
    List<Requirement> requirements,
    boolean structured,
    List<String> notes) {

  public ParsedPosting {
    requirements = List.copyOf(requirements);
    notes = List.copyOf(notes);
  }

  public List<Requirement> ofKind(RequirementKind kind) {
    return requirements.stream().filter(r -> r.kind() == kind).toList();
  }
}
