/**
 * RPO/RTO arithmetic: the recovery point now, missed targets and durations in words.
 * Uses nothing else of drkit.
 * Not @NullMarked: an RPO or RTO that cannot be measured yet is null.
 */
package io.drkit.core.objectives;
