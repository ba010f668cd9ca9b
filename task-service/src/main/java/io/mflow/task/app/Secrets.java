package io.mflow.task.app;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.AttemptToken;
import io.mflow.task.domain.AttemptTokens;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.RunParamSet;
import io.mflow.task.domain.UpdateTokens;
import java.util.List;

/**
 * Seals secrets so they are never stored or published in the clear, each for the place it belongs to (see the
 * schemas' SealedPlace): a value opens only where it was sealed for.
 */
public interface Secrets {

    /** A value that is sealed already is refused: it is opened at its own place first. */
    String seal(String plain, SealedPlace place);

    /**
     * The plain value of one sealed for {@code place}; a plain value as it is.
     *
     * @throws IllegalArgumentException when it was sealed for another place, with another key, before places, or
     *                                  was altered; the message names the place, never the value
     */
    String open(String value, SealedPlace place);

    boolean isSealed(String value);

    /** A runner proves it holds a task's update token without sending it (see the schemas' ReportProofs). */
    boolean isProof(String value);

    boolean proves(String proof, String tokenHash, String reportId, String jobTaskId, String stage);

    /**
     * Issues each attempt of a job task its own random update token: its hash to keep, the token sealed for that
     * attempt (for its runner) and sealed as the task's token param (for its job). The plain token is not kept.
     */
    default AttemptTokens attemptTokens() {
        return (jobTaskId, attempt) -> {
            String token = RandomIds.token();
            return new AttemptToken(attempt, UpdateTokens.hash(token),
                    seal(token, SealedPlace.updateToken(jobTaskId, attempt)),
                    seal(token, SealedPlace.jobTaskParam(jobTaskId, RunParamSet.JOB_TASK_UPDATE_TOKEN)));
        };
    }

    /** A param of job task {@code jobTaskId} as it may be stored and published: a sensitive plain value sealed. */
    default RunParam sealedIfSensitive(String jobTaskId, RunParam param) {
        return param.sensitive() && param.hasValue() && !isSealed(param.value())
                ? param.withValue(seal(param.value(), SealedPlace.jobTaskParam(jobTaskId, param.name()))) : param;
    }

    /**
     * The params {@code job} declares, its sensitive defaults opened at the job, so that the job task they are
     * merged into seals them again for itself.
     *
     * @throws RequestRefused when a default does not open there (sealed before places, or moved from elsewhere)
     */
    default List<RunParam> openedDefaults(Job job) {
        return job.params().stream().map(p -> p.sensitive() && p.hasValue()
                ? p.withValue(openOrRefuse(p.value(), SealedPlace.jobParamDefault(job.id(), p.name()),
                        "the sensitive default of param '" + p.name() + "' of job '" + job.name() + "'"))
                : p).toList();
    }

    /** The values a pipeline's task gives, its sensitive ones opened at that task of that pipeline. */
    default List<ParamValue> openedValues(String pipelineId, String stageName, String taskName,
                                          List<ParamValue> values) {
        return values.stream().map(v -> isSealed(v.value())
                ? new ParamValue(v.name(), openOrRefuse(v.value(),
                        SealedPlace.pipelineTaskParam(pipelineId, stageName, taskName, v.name()),
                        "the sensitive value of param '" + v.name() + "' of task '" + taskName + "' in stage '"
                                + stageName + "'"))
                : v).toList();
    }

    private String openOrRefuse(String value, SealedPlace place, String what) {
        try {
            return open(value, place);
        } catch (IllegalArgumentException doesNotOpen) {
            throw RequestRefused.invalid(what + " does not open where it is stored (it was sealed by a version before"
                    + " values were bound to their place, or was copied there): give it again");
        }
    }
}
