package io.mflow.schemas;

/** An attempt id is {@code <job task id>#<attempt number>} (see {@code RunJob.attemptId}). */
public final class AttemptIds {

    private AttemptIds() {
    }

    /** The attempt number an attempt id ends with; 0 (the task's current attempt) when it names none. */
    public static int numberOf(String attemptId) {
        int hash = attemptId == null ? -1 : attemptId.lastIndexOf('#');
        if (hash < 0) {
            return 0;
        }
        try {
            return Math.max(Integer.parseInt(attemptId.substring(hash + 1)), 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
