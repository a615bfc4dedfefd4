package io.drkit.restore;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.access.AccessCatalog;
import io.drkit.core.manifest.Manifest;

/**
 * Before the schema: the roles the point names (policies in post-data, owners and grants at the end
 * need them) and its extensions at their recorded versions. Points taken before drkit recorded
 * access have nothing to do here.
 */
@Component
class RolesTasklet extends RestoreTasklet {

    static final String ITEM = "roles";

    RolesTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        Manifest.Access access = r.point().access();
        if (access == null) {
            return;
        }
        AccessCatalog catalog = AccessCatalog.parse(r.schemaFile(access.catalog()));
        List<String> warnings = new ArrayList<>();
        if (once(r, ITEM, c -> {
            if (r.access().roles()) {
                boolean withLogin = r.access().rolePasswords() && access.rolePasswords();
                TargetRoles.Outcome roles = TargetRoles.apply(c, catalog, withLogin, !r.target().scratch());
                r.meter().rolesCreated(roles.created());
                warnings.addAll(roles.warnings());
            }
            warnings.addAll(TargetRoles.extensions(c, catalog.extensions()));
        })) {
            r.warnings().addAll(warnings);
        }
    }
}
