package io.drkit.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.access.AccessReader;
import io.drkit.core.access.DatabaseSettings;
import io.drkit.core.access.PrivilegesScript;
import io.drkit.core.access.RoleRecord;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.DumpScript;
import io.drkit.core.pg.Identifiers;

/**
 * Last: owners, grants and default privileges as pg_dump recorded them (each entry in a transaction
 * of its own with its ledger record, so a big schema never holds every object's lock at once), then
 * the database's settings for the database restored into. Nothing the restore does afterwards needs
 * the privileges it hands away here.
 */
@Component
class PrivilegesTasklet extends RestoreTasklet {

    static final String ITEM = "privileges";

    PrivilegesTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        Manifest.Access access = r.point().access();
        if (access == null) {
            return;
        }
        DumpScript script = DumpScript.parse(r.schemaFile(access.privileges()));
        List<DumpScript.Entry> entries = PrivilegesScript.entries(script, r.access().owners(), r.access().privileges());
        try (Connection c = TargetSessions.open(r)) {
            Set<String> done = RestoreLedger.done(c);
            if (done.contains(ITEM)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute(script.preamble());
            }
            c.setAutoCommit(false);
            for (int i = 0; i < entries.size(); i++) {
                String item = ITEM + " " + i;
                if (!done.contains(item)) {
                    run(c, r, entries.get(i), item);
                }
            }
            settings(c, r, access.settings());
            RestoreLedger.record(c, ITEM);
            c.commit();
        }
    }

    private static void run(Connection c, ActiveRestore r, DumpScript.Entry entry, String item) throws SQLException {
        StopSignal.checkpoint();
        try (Statement s = c.createStatement()) {
            s.execute(entry.sql());
            RestoreLedger.record(c, item);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw DrkitException.failed((entry.type().equals(PrivilegesScript.OWNER) ? "owner of " : "grants on ")
                    + entry.name() + " of point " + r.point().pointId() + " failed in " + r.target().name() + ": "
                    + e.getMessage() + " (restore with --no-owner or --no-privileges where the roles mean something "
                    + "else on this server)", e);
        }
    }

    /** For the database restored into; a role-in-database setting waits for its role, which may have been left out. */
    private static void settings(Connection c, ActiveRestore r, List<Manifest.Setting> settings) throws SQLException {
        Set<String> roles = AccessReader.roles(c, settings.stream().map(Manifest.Setting::role)
                .filter(java.util.Objects::nonNull).toList(), false).stream().map(RoleRecord::name).collect(Collectors.toSet());
        String database = Identifiers.quote(r.target().name());
        try (Statement s = c.createStatement()) {
            for (Manifest.Setting setting : settings) {
                if (setting.role() != null && !roles.contains(setting.role())) {
                    r.warnings().add("setting " + setting.name() + " of role " + setting.role() + " in this database "
                            + "not applied: the role does not exist here");
                    continue;
                }
                s.execute(DatabaseSettings.statement(setting, database));
            }
        } catch (SQLException e) {
            c.rollback();
            throw DrkitException.failed("the database settings of point " + r.point().pointId() + " could not be "
                    + "applied to " + r.target().name() + ": " + e.getMessage(), e);
        }
    }
}
