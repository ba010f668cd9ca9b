package io.mflow.task.app;

/** A request that cannot be carried out as asked; the REST adapter turns the reason into a status. */
public class RequestRefused extends RuntimeException {

    public enum Reason { INVALID, UNAUTHENTICATED, NOT_FOUND, CONFLICT, FORBIDDEN }

    private final Reason reason;

    public RequestRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public static RequestRefused invalid(String detail) {
        return new RequestRefused(Reason.INVALID, detail);
    }

    /** Refuses a request as invalid when a check found a problem (checks answer null when all is well). */
    public static void ifInvalid(String problem) {
        if (problem != null) {
            throw invalid(problem);
        }
    }

    public static RequestRefused unauthenticated(String detail) {
        return new RequestRefused(Reason.UNAUTHENTICATED, detail);
    }

    public static RequestRefused notFound(String detail) {
        return new RequestRefused(Reason.NOT_FOUND, detail);
    }

    public Reason reason() {
        return reason;
    }
}
