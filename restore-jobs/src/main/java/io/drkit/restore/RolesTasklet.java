package io.drkit.restore;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.access.AccessCatalog;
import io.drkit.manifest.Manifest;

/**
 * Before the schema: the roles the point names (policies in post-data, owners and grants at the end
 * need them) and its extensions at their recorded versions. Points taken before drkit recorded
 * access have nothing to do here.
 */
@Component
class RolesTasklet implements Tasklet {

    static final String ITEM = "roles";

    private final ActiveRestores restores;

    RolesTasklet(ActiveRestores restores) {
        this.restores = restores;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        ActiveRestore r = restores.get(RestoreJobConfiguration.runId(chunk));
        Manifest.Access access = r.point().access();
        if (access == null) {
            return RepeatStatus.FINISHED;
        }
        AccessCatalog catalog = AccessCatalog.parse(r.schemaFile(access.catalog()));
        try (Connection c = TargetSessions.open(r)) {
            c.setAutoCommit(false);
            if (!RestoreLedger.isDone(c, ITEM)) {
                List<String> warnings = new ArrayList<>();
                if (r.access().roles()) {
                    boolean withLogin = r.access().rolePasswords() && access.rolePasswords();
                    TargetRoles.Outcome roles = TargetRoles.apply(c, catalog, withLogin, !r.target().scratch());
                    r.meter().rolesCreated(roles.created());
                    warnings.addAll(roles.warnings());
                }
                warnings.addAll(TargetRoles.extensions(c, catalog.extensions()));
                RestoreLedger.record(c, ITEM);
                c.commit();
                r.warnings().addAll(warnings);
            }
        }
        return RepeatStatus.FINISHED;
    }
}
