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
 * {@code ^} cancel sent. {@code concluded;} marks a run already concluded (FAILED), {@code dry;} a dry run. Gates follow
 * in brackets: {@code b=PENDING[audit:WAITING,told]} is audited, its audit waiting and its turn announced;
 * {@code a=SUCCEEDED*[confirm:PASS]} has its result confirmed. Params follow in parentheses: {@code b=PENDING(HOST!)}
 * declares a required param HOST without a value, {@code (HOST!=web1,V=old)} one with a value and an optional one;
 * {@code out HOST=web1;} gives the run an output. Decisions read back the same way: {@code "start a b"},
 * {@code "start a, announce b"}, {@code "wait"}, {@code "conclude FAILED"}, {@code "cancel a b"}; a started task with
 * params shows them, and its dry-run note: {@code "start b[HOST=web1]"}, {@code "start b[V=] (V from output of a)"};
 * a rejected one its reason: {@code "reject a (job task a cannot run: required param HOST has no value)"}.
 */
final class RunFixture {

    private RunFixture() {
    }

    static PipelineRun run(String line) {
        boolean cancel = false;
        boolean concluded = false;
        boolean dry = false;
        Map<String, String> outputs = new LinkedHashMap<>();
        String plan = line.trim();
        while (plan.contains(";")) {
            String flag = plan.substring(0, plan.indexOf(';')).trim();
            cancel |= flag.equals("cancel");
            concluded |= flag.equals("concluded");
            dry |= flag.equals("dry");
            if (flag.startsWith("out ")) {
                for (String output : flag.substring(4).trim().split("\\s+")) {
                    outputs.put(output.split("=", 2)[0], output.split("=", 2)[1]);
                }
            }
            plan = plan.substring(plan.indexOf(';') + 1).trim();
        }
        List<StagePlan> stages = new ArrayList<>();
        Map<String, TaskProgress> progress = new LinkedHashMap<>();
        int number = 0;
        for (String stageText : plan.split("\\|")) {
            String[] kindAndTasks = stageText.trim().split(":", 2);
            List<TaskPlan> tasks = new ArrayList<>();
            for (String token : kindAndTasks[1].trim().split("\\s+")) {
                RunParamSet params = RunParamSet.of();
                if (token.contains("(")) {
                    params = params(token.substring(token.indexOf('(') + 1, token.indexOf(')')));
                    token = token.substring(0, token.indexOf('('));
                }
                String[] nameAndStage = token.split("=");
                String name = nameAndStage[0];
                String marks = nameAndStage[1].contains("[") ? nameAndStage[1].substring(0, nameAndStage[1].indexOf('['))
                        : nameAndStage[1];
                String gates = nameAndStage[1].contains("[") ? nameAndStage[1].substring(nameAndStage[1].indexOf('[') + 1,
                        nameAndStage[1].indexOf(']')) : "";
                String stage = marks.replaceAll("[*!^]", "");
                GateStatus audit = gateStage(gates, "audit");
                GateStatus confirm = gateStage(gates, "confirm");
                TaskPlan task = new TaskPlan(name, name, "job-" + name, "LOCAL", "echo " + name, marks.contains("!"),
                        stage.equals("SKIPPED"), params, "enc:v1:token-" + name, audit != null,
                        confirm != null);
                tasks.add(task);
                progress.put(name, new TaskProgress(name, TaskStatus.valueOf(stage),
                        confirm == GateStatus.DENY ? "denied by carol: wrong build" : "exit code 1", marks.contains("*"),
                        marks.contains("^"), audit, confirm, gates.contains("told")));
            }
            number++;
            stages.add(new StagePlan("stage" + number, kindAndTasks[0].trim().equals("P"), tasks));
        }
        return new PipelineRun("pt-1", "demo", dry, Map.of(), stages, progress, outputs, Set.of("created-1"),
                cancel, concluded ? new Conclusion(TaskStatus.FAILED, "earlier failure") : null, false, 0);
    }

    /**
     * {@code HOST!=web1,V,N:NUMBER,ENV:ENUM/dev/prod=dev}: HOST required with a value, V optional without one, N a
     * NUMBER, ENV an ENUM of dev and prod.
     */
    private static RunParamSet params(String text) {
        List<RunParam> params = new ArrayList<>();
        for (String param : text.split(",")) {
            String[] nameAndValue = param.split("=", 2);
            boolean required = nameAndValue[0].endsWith("!");
            String[] nameAndType = nameAndValue[0].replace("!", "").split(":", 2);
            List<String> typeAndOptions = nameAndType.length > 1 ? List.of(nameAndType[1].split("/")) : List.of();
            params.add(new RunParam(nameAndType[0], nameAndValue.length > 1 ? nameAndValue[1] : "",
                    required, false, false, typeAndOptions.isEmpty() ? null : typeAndOptions.get(0),
                    typeAndOptions.isEmpty() ? List.of() : typeAndOptions.subList(1, typeAndOptions.size())));
        }
        return new RunParamSet(params);
    }

    static TaskPlan task(String name, boolean ignoreFailed, boolean skip) {
        return new TaskPlan(name, name, "job-" + name, "LOCAL", "echo " + name, ignoreFailed, skip,
                RunParamSet.of(), "enc:v1:token-" + name, false, false);
    }

    private static GateStatus gateStage(String gates, String kind) {
        for (String gate : gates.split(",")) {
            if (gate.startsWith(kind + ":")) {
                return GateStatus.valueOf(gate.substring(kind.length() + 1));
            }
        }
        return null;
    }

    static String describe(Decision decision) {
        if (decision instanceof Decision.Start start) {
            List<String> parts = new ArrayList<>();
            if (!start.tasks().isEmpty()) {
                parts.add("start " + start.tasks().stream().map(RunFixture::describe).collect(Collectors.joining(" ")));
            }
            if (!start.rejected().isEmpty()) {
                parts.add("reject " + start.rejected().stream().map(t -> t.task().name() + " (" + t.reason() + ")")
                        .collect(Collectors.joining(" ")));
            }
            if (!start.awaitingAudit().isEmpty()) {
                parts.add("announce " + start.awaitingAudit().stream().map(TaskPlan::name)
                        .collect(Collectors.joining(" ")));
            }
            return String.join(", ", parts);
        }
        if (decision instanceof Decision.Conclude conclude) {
            return "conclude " + conclude.status();
        }
        if (decision instanceof Decision.CancelTasks cancel) {
            return "cancel " + cancel.tasks().stream().map(TaskPlan::name).collect(Collectors.joining(" "));
        }
        return "wait";
    }

    private static String describe(TaskToRun toRun) {
        String params = toRun.params().params().isEmpty() ? "" : toRun.params().params().stream()
                .map(p -> p.name() + "=" + (p.value() == null ? "" : p.value())).collect(Collectors.joining(",", "[", "]"));
        return toRun.task().name() + params + (toRun.dryRunNote() == null ? "" : " (" + toRun.dryRunNote() + ")");
    }
}
