package io.drkit.cli.repository;

import java.util.List;

/** What scripts read from {@code init --reset-slot --json}: the repository and the slots dropped. */
public record ResetSlotDocument(String repository, List<String> droppedSlots) {}
