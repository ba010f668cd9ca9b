package io.mflow.pipeline.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One-line runs for tables. {@code "cancel; S: a=SUCCEEDED* b=PENDING | P: c=PENDING"} is a run whose cancel was
 * requested, with a serial stage then a parallel one. After a task's stage: {@code *} dispatched, {@code !} ignoreFailed,
 * {@code ^} cancel sent. {@code concluded;} marks a run already concluded (FAILED). Decisions read back the same way:
 * {@code "start a b"}, {@code "wait"}, {@code "conclude FAILED"}, {@code "cancel a b, conclude CANCELED"}.
 */
final class RunFixture {

    private RunFixture() {
    }

    static PipelineRun run(String line) {
        boolean cancel = false;
        boolean concluded = false;
        String plan = line.trim();
        while (plan.contains(";")) {
            String flag = plan.substring(0, plan.indexOf(';')).trim();
            cancel |= flag.equals("cancel");
            concluded |= flag.equals("concluded");
            plan = plan.substring(plan.indexOf(';') + 1).trim();
        }
        List<StagePlan> stages = new ArrayList<>();
        Map<String, TaskProgress> progress = new LinkedHashMap<>();
        int number = 0;
        for (String stageText : plan.split("\\|")) {
            String[] kindAndTasks = stageText.trim().split(":", 2);
            List<TaskPlan> tasks = new ArrayList<>();
            for (String token : kindAndTasks[1].trim().split("\\s+")) {
                String[] nameAndStage = token.split("=");
                String name = nameAndStage[0];
                String stage = nameAndStage[1].replaceAll("[*!^]", "");
                TaskPlan task = task(name, nameAndStage[1].contains("!"), stage.equals("SKIPPED"));
                tasks.add(task);
                progress.put(name, new TaskProgress(name, TaskStage.valueOf(stage), "exit code 1",
                        nameAndStage[1].contains("*"), nameAndStage[1].contains("^")));
            }
            number++;
            stages.add(new StagePlan("stage" + number, kindAndTasks[0].trim().equals("P"), tasks));
        }
        return new PipelineRun("pt-1", "demo", false, Map.of(), stages, progress, Map.of(), Set.of("created-1"),
                cancel, concluded ? new Conclusion(TaskStage.FAILED, "earlier failure") : null);
    }

    static TaskPlan task(String name, boolean ignoreFailed, boolean skip) {
        return new TaskPlan(name, name, "job-" + name, "LOCAL", "echo " + name, ignoreFailed, skip,
                RunParamSet.of(), "enc:v1:token-" + name);
    }

    static String describe(Decision decision) {
        if (decision instanceof Decision.Start start) {
            return "start " + start.tasks().stream().map(t -> t.task().name()).collect(Collectors.joining(" "));
        }
        if (decision instanceof Decision.Conclude conclude) {
            return "conclude " + conclude.stage();
        }
        if (decision instanceof Decision.CancelTasks cancel) {
            return "cancel " + cancel.tasks().stream().map(TaskPlan::name).collect(Collectors.joining(" "))
                    + cancel.conclusion().map(c -> ", conclude " + c.stage()).orElse("");
        }
        return "wait";
    }
}
