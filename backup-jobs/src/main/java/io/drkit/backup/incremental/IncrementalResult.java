package io.drkit.backup.incremental;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.drkit.core.changes.ChangeSlots.SlotState;
import io.drkit.core.manifest.Manifest;

/**
 * @param readWhole tables read whole to get their digest at the point (rows that existed before changed)
 * @param slot the chain's slot after the point, with the WAL it still holds back
 * @param removed unfinished incremental points whose objects were removed first
 * @param phases step name → wall milliseconds
 * @param spilled tables whose changes passed the memory threshold and went through a local spool file
 */
public record IncrementalResult(Manifest manifest, Duration duration, long changeRows, List<String> readWhole,
        SlotState slot, List<String> removed, Map<String, Long> phases, List<String> spilled) {}
