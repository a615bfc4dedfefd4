package io.drkit.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.drkit.core.batch.PartRun;
import io.drkit.core.manifest.PointId;
import io.drkit.core.progress.Sizes;

/**
 * The objects of a verification in groups of about equal bytes, one partition each, and what a
 * partition found, carried in its step execution context: the job repository is how a worker
 * process learns its objects and tells the manager what it found. Written as tab-separated lines
 * (keys hold no tabs or line ends), so the context stays plain text.
 */
final class ObjectGroups {

    /** Partitions per worker thread: enough that a slow group does not leave the others idle at the end. */
    private static final int GROUPS_PER_WORKER = 4;

    static final String OBJECTS = "drkit.verify.objects";
    static final String PROBLEMS = "drkit.verify.problems";
    static final String OUTCOMES = "drkit.verify.outcomes";
    static final String BYTES = "drkit.verify.bytes";

    private ObjectGroups() {}

    /** Largest object first into the group with the fewest bytes; groups named so that the largest sorts first. */
    static Partitioner of(List<ObjectCheck> objects) {
        return gridSize -> {
            int n = Math.max(1, Math.min(objects.size(), Math.max(1, gridSize) * GROUPS_PER_WORKER));
            List<List<ObjectCheck>> groups = new ArrayList<>();
            long[] bytes = new long[n];
            for (int i = 0; i < n; i++) {
                groups.add(new ArrayList<>());
            }
            for (ObjectCheck o : objects.stream().sorted(Comparator.comparingLong(ObjectCheck::bytes).reversed()).toList()) {
                int least = 0;
                for (int i = 1; i < n; i++) {
                    if (bytes[i] < bytes[least]) {
                        least = i;
                    }
                }
                groups.get(least).add(o);
                bytes[least] += o.bytes();
            }
            List<Integer> largestFirst = java.util.stream.IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingLong((Integer i) -> bytes[i]).reversed()).toList();
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) {
                int i = largestFirst.get(k);
                ExecutionContext context = new ExecutionContext();
                context.putString(OBJECTS, groups.get(i).stream().map(ObjectGroups::line).collect(Collectors.joining("\n")));
                context.putString(PartRun.LABEL, "objects " + (k + 1) + " of " + n + " (" + groups.get(i).size() + ", "
                        + Sizes.human(bytes[i]) + ")");
                partitions.put(String.format("group-%05d", k), context);
            }
            return partitions;
        };
    }

    static List<ObjectCheck> objects(ExecutionContext context) {
        List<ObjectCheck> objects = new ArrayList<>();
        for (String line : lines(context.getString(OBJECTS, ""))) {
            String[] f = line.split("\t", 5);
            objects.add(new ObjectCheck(PointId.of(f[0]), f[1], Long.parseLong(f[2]), f[3], Boolean.parseBoolean(f[4])));
        }
        return objects;
    }

    /** Records what a partition found, for the manager. */
    static void found(ExecutionContext context, List<ObjectProblem> problems, Map<String, String> outcomes, long bytes) {
        context.putString(PROBLEMS, problems.stream().map(p -> p.key() + "\t" + p.kind().name() + "\t"
                + p.detail().replace('\t', ' ').replace('\n', ' ')).collect(Collectors.joining("\n")));
        context.putString(OUTCOMES, outcomes.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue())
                .collect(Collectors.joining("\n")));
        context.putLong(BYTES, bytes);
    }

    static List<ObjectProblem> problems(StepExecution partition) {
        List<ObjectProblem> problems = new ArrayList<>();
        for (String line : lines(partition.getExecutionContext().getString(PROBLEMS, ""))) {
            String[] f = line.split("\t", 3);
            problems.add(new ObjectProblem(f[0], ObjectProblem.Kind.valueOf(f[1]), f[2]));
        }
        return problems;
    }

    static Map<String, String> outcomes(StepExecution partition) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String line : lines(partition.getExecutionContext().getString(OUTCOMES, ""))) {
            String[] f = line.split("\t", 2);
            outcomes.put(f[0], f[1]);
        }
        return outcomes;
    }

    static long bytes(StepExecution partition) {
        return partition.getExecutionContext().getLong(BYTES, 0L);
    }

    private static String line(ObjectCheck o) {
        return o.pointId() + "\t" + o.key() + "\t" + o.bytes() + "\t" + o.sha256() + "\t" + o.decodable();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
