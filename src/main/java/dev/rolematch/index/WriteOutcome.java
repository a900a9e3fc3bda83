package dev.rolematch.index;

/** What an upsert did. */
public enum WriteOutcome { ADDED, REPLACED, UNCHANGED }
