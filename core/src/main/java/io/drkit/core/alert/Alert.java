package io.drkit.core.alert;

import java.time.Instant;

/**
 * What a webhook receives when a run ends badly. Names, ids and figures only: never secrets or row data.
 *
 * @param alertId unique per run: a receiver that sees it twice (a retry after a lost answer) drops the second
 * @param exitCode drkit's exit code: 1 the job failed, 2 bad usage or configuration, 3 an integrity check failed, 4 a target was missed;
 *     0 for a condition that needs a person although the run succeeded ({@code reason} says which)
 * @param point the recovery point concerned, when known
 * @param verdict the verification's or drill's verdict, when there was one
 * @param report the report id, when one was stored
 */
public record Alert(String alertId, String source, String job, int exitCode, String reason, String point,
        String verdict, String report, String host, Instant at) {}
