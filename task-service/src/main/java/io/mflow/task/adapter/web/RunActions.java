package io.mflow.task.adapter.web;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Status;
import java.util.List;

/**
 * What one viewer may do on a run: only the buttons whose path would let them through ({@link DashboardSecurity})
 * and whose act the task's state allows now, so no one meets a button that can only say no.
 *
 * @param cancelRun the run goes on and the viewer is a developer
 */
public record RunActions(PipelineTask run, boolean cancelRun, List<TaskActions> tasks) {

    /**
     * @param audit   the viewer is an auditor of the task's waiting audit
     * @param confirm the viewer is a checker of the task's waiting confirmation
     * @param params  what a retry may change: the params that are not read-only
     */
    public record TaskActions(JobTask task, boolean audit, boolean confirm, boolean retry, boolean skip,
                              boolean cancel, List<RunParam> params) {

        static TaskActions of(JobTask task, Viewer viewer) {
            Status stage = task.stage();
            boolean developer = viewer.developer();
            return new TaskActions(task,
                    stage == Status.PENDING && decides(task.gates().audit(), viewer),
                    decides(task.gates().confirm(), viewer),
                    developer && (stage == Status.FAILED || stage == Status.CANCELED),
                    developer && (stage == Status.FAILED || stage == Status.PENDING),
                    developer && !stage.isComplete() && stage != Status.CANCELING,
                    task.plan().params().stream().filter(p -> !p.readOnly()).map(RunParam::masked).toList());
        }

        private static boolean decides(Gate gate, Viewer viewer) {
            return gate != null && gate.stage() == GateStatus.WAITING && gate.people().contains(viewer.identity())
                    && gate.decisions().stream().noneMatch(d -> d.by().equals(viewer.identity()));
        }

        public boolean any() {
            return audit || confirm || retry || skip || cancel;
        }
    }

    static RunActions of(RunBoard board, Viewer viewer) {
        List<TaskActions> tasks = board.columns().stream().flatMap(c -> c.boxes().stream())
                .map(box -> TaskActions.of(box.task(), viewer)).filter(TaskActions::any).toList();
        Status stage = board.run().stage();
        return new RunActions(board.run(), viewer.developer() && !stage.isComplete() && stage != Status.CANCELING,
                tasks);
    }

    public boolean any() {
        return cancelRun || !tasks.isEmpty();
    }
}
