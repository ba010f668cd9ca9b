package io.mflow.task.app;

/** Seals secrets so they are never stored or published in the clear. */
public interface Secrets {

    /** Sealing a sealed value leaves it as it is. */
    String seal(String plain);

    boolean isSealed(String value);

    /** A runner proves it holds a task's update token without sending it (see the schemas' ReportProofs). */
    boolean isProof(String value);

    boolean proves(String proof, String tokenHash, String reportId, String jobTaskId, String stage);
}
