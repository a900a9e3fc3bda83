/**
 * Bias audit over the stored refresh scores, as NYC Local Law 144 asks of an automated employment
 * decision tool: selection rates and impact ratios per sex, race/ethnicity and their intersection,
 * with the counts, from self-reported categories the user supplies ({@link
 * dev.rolematch.audit.Demographics}; nothing is inferred). {@link dev.rolematch.audit.StoredSelections}
 * reads who was selected (top K of a posting's stored scores), {@link dev.rolematch.audit.ImpactTable}
 * computes one table, {@link dev.rolematch.audit.AuditReport} writes CSV and Markdown.
 */
package dev.rolematch.audit;
