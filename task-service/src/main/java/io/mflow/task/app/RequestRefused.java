package io.mflow.task.app;

import io.mflow.platform.aggregate.Changed;
import java.util.Optional;

/** A request that cannot be carried out as asked; the REST adapter turns the reason into a status. */
public class RequestRefused extends RuntimeException {

    public enum Reason { INVALID, UNAUTHENTICATED, NOT_FOUND, CONFLICT, FORBIDDEN }

    /** The codes of refusals that are the request's fault rather than a conflict with the aggregate's state. */
    public static final String FORBIDDEN_CODE = io.mflow.task.domain.JobTask.FORBIDDEN;
    public static final String INVALID_CODE = "invalid";

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

    /**
     * What a person's change left: the aggregate as stored after it (as it was when the change changed nothing).
     * No such aggregate is a 404 that names {@code what}; a refusal is a 409, or a 403 or 400 when its code is
     * {@code forbidden} or {@code invalid}.
     */
    public static <A> A unlessRefused(Optional<? extends Changed<A, ?>> changed, String what) {
        Changed<A, ?> found = changed.orElseThrow(() -> notFound("no " + what));
        found.refusal().ifPresent(refused -> {
            throw new RequestRefused(reasonOf(refused.code()), refused.reason());
        });
        return found.aggregate();
    }

    private static Reason reasonOf(String code) {
        if (FORBIDDEN_CODE.equals(code)) {
            return Reason.FORBIDDEN;
        }
        return INVALID_CODE.equals(code) ? Reason.INVALID : Reason.CONFLICT;
    }

    public Reason reason() {
        return reason;
    }
}
