package io.drkit.restore;

import io.drkit.core.batch.StepName;


import java.util.List;

/**
 * The steps of both restore jobs; {@link #LOAD_PART} is the worker each partition of {@link #DATA},
 * {@link #HOT_DATA} and {@link #COLD_DATA} runs. {@link #ONE_STAGE} and {@link #STAGED} give each job's order.
 */
public enum RestoreStep implements StepName {
    ROLES("roles"),
    PRE_DATA("preData"),
    DATA("data"),
    LOAD_PART("loadPart"),
    CHANGES("changes"),
    POST_DATA("postData"),
    SEQUENCES("sequences"),
    ANALYZE("analyze"),
    PRIVILEGES("privileges"),
    HOT_DATA("hotData"),
    HOT_POST_DATA("hotPostData"),
    SERVING("serving"),
    COLD_DATA("coldData"),
    COLD_POST_DATA("coldPostData");

    /** The job {@code restore}: everything, then the database opens. */
    static final List<RestoreStep> ONE_STAGE = List.of(ROLES, PRE_DATA, DATA, CHANGES, POST_DATA, SEQUENCES, ANALYZE,
            PRIVILEGES);

    /** The job {@code stagedRestore}: the hot tier and what it needs, serving, then the cold tier behind it. */
    static final List<RestoreStep> STAGED = List.of(ROLES, PRE_DATA, HOT_DATA, HOT_POST_DATA, SEQUENCES, PRIVILEGES,
            SERVING, COLD_DATA, COLD_POST_DATA, ANALYZE);

    private final String name;

    RestoreStep(String name) {
        this.name = name;
    }

    @Override
    public String stepName() {
        return name;
    }
}
