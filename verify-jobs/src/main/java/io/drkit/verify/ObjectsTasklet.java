package io.drkit.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import io.drkit.core.batch.LiveRuns;
import io.drkit.core.batch.StopSignal;
import io.drkit.core.error.DrkitException;

/**
 * Reads one group of objects in full and decodes them ({@link ObjectVerifier}), and leaves what it
 * found in the partition's context. An object the store failed to deliver is not recorded as read (it
 * comes first in the next sampled run); when the store fails for several objects in a row, it is down,
 * and the run ends with its failure.
 */
@Component
class ObjectsTasklet implements Tasklet {

    private final LiveRuns runs;

    ObjectsTasklet(LiveRuns runs) {
        this.runs = runs;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        ActiveVerification v = runs.get(ActiveVerification.RUN, chunk);
        ExecutionContext context = chunk.getStepContext().getStepExecution().getExecutionContext();
        List<ObjectProblem> problems = new ArrayList<>();
        Map<String, String> outcomes = new LinkedHashMap<>();
        long bytes = 0;
        for (ObjectCheck o : ObjectGroups.objects(context)) {
            StopSignal.checkpoint();
            ObjectProblem p = ObjectVerifier.check(v.repository().store(), v.codec(o.pointId()), v.encrypted(o.pointId()), o);
            v.progress().advance(o.bytes());
            if (p != null && !p.damage()) {
                problems.add(p);
                int inARow = v.failedRead();
                if (inARow >= v.storeDown()) {
                    throw DrkitException.failed(p.detail() + " (and for the " + (inARow - 1)
                            + " objects read before it: the objects left were not read)", null);
                }
                continue;
            }
            v.readWell();
            outcomes.put(o.key(), p == null ? "ok" : p.kind().label());
            if (p != null) {
                problems.add(p);
            }
            bytes += o.bytes();
            contribution.incrementReadCount();
        }
        ObjectGroups.found(context, problems, outcomes, bytes);
        return RepeatStatus.FINISHED;
    }
}
