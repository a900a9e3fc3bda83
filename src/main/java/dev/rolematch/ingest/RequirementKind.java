package dev.rolematch.ingest;

/** Where a requirement came from in a posting. */
public enum RequirementKind {
  /** Must-have: degree, skills, languages ("What we need to see"). */
  MUST,
  /** Nice-to-have ("Ways to stand out from the crowd"). */
  NICE,
  /** What the intern will do ("What you'll be doing"). */
  DUTY,
  /** One research topic ("Topics include generative models, ..."). */
  TOPIC
}
