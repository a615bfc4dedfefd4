package io.drkit.cli.restore;

import io.drkit.cli.json.JsonDocuments;
import io.drkit.restore.ServingMoment;

/**
 * The line {@code restore --json} writes on stderr at a staged restore's serving moment (stdout keeps
 * its one document): {@code {"event":"serving","at":...,"database":...,"hotRows":...}}.
 */
record ServingEvent(String event, String at, String database, long hotRows) {

    static ServingEvent of(ServingMoment m) {
        return new ServingEvent("serving", JsonDocuments.time(m.at()), m.database(), m.hotRows());
    }
}
