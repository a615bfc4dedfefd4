package io.drkit.cli.check;

import java.util.List;

/**
 * What scripts read from {@code check --json}: the components in the order of the document.
 *
 * @param problems how many findings need fixing
 */
public record CheckDocument(boolean passed, long problems, List<Finding> findings) {}
