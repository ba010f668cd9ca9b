package io.mflow.task.app;

import io.mflow.task.domain.RunParam;

/** Seals secrets so they are never stored or published in the clear. */
public interface Secrets {

    /** Sealing a sealed value leaves it as it is. */
    String seal(String plain);

    /** A sealed value in the clear, for task-service's own use (a webhook's url, to show it masked); a plain one as it is. */
    String open(String value);

    boolean isSealed(String value);

    /** A runner proves it holds a task's update token without sending it (see the schemas' ReportProofs). */
    boolean isProof(String value);

    boolean proves(String proof, String tokenHash, String reportId, String jobTaskId, String stage);

    /** A param as it may be stored and published: a sensitive value sealed. */
    default RunParam sealedIfSensitive(RunParam param) {
        return param.sensitive() && param.hasValue() ? param.withValue(seal(param.value())) : param;
    }
}
