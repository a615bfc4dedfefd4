package io.drkit.restore;

import io.drkit.core.pg.JdbcUrl;

/**
 * The database a restore writes into.
 *
 * @param admin a maintenance database on the same server, from which a scratch database is
 *     created and dropped; null for a database the operator named
 * @param scratch whether drkit created it (and drops it when the restore ends, unless kept)
 * @param resumed whether an unfinished restore of the same point was found in it and is continued
 */
public record RestoreTarget(JdbcUrl url, JdbcUrl admin, boolean scratch, boolean resumed) {

    public String name() {
        return url.database();
    }
}
