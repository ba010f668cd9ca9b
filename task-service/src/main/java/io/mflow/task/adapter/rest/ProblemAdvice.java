package io.mflow.task.adapter.rest;

import io.mflow.platform.aggregate.ConcurrentChangeException;
import io.mflow.platform.web.Problems;
import io.mflow.task.app.NeighbourAway;
import io.mflow.task.app.RequestRefused;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error is an RFC 9457 problem whose detail says what to fix. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(RequestRefused.class)
    ResponseEntity<ProblemDetail> refused(RequestRefused refused) {
        HttpStatus status = switch (refused.reason()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(problem(status, refused.reason().name(), refused.getMessage()));
    }

    /** Another service of the engine is down or failing: the caller tries again later. */
    @ExceptionHandler(NeighbourAway.class)
    ResponseEntity<ProblemDetail> away(NeighbourAway away) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", away.getMessage()));
    }

    /** Others kept writing the same task while this request tried to: nothing was written, and it may try again. */
    @ExceptionHandler(ConcurrentChangeException.class)
    ResponseEntity<ProblemDetail> keptChanging(ConcurrentChangeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT,
                RequestRefused.Reason.CONFLICT.name(), e.getMessage()));
    }

    /** Anything unforeseen: a problem document with an id to find the stack trace by, and nothing internal in it. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String incident = java.util.UUID.randomUUID().toString();
        log.error("request failed, incident {}", incident, e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL",
                "the request could not be completed; quote incident " + incident + " when reporting it"));
    }

    /** Spring Security's firewall checks form parameter names only when MVC reads them, after its own filter. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "INVALID", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "INVALID",
                "parameter '" + e.getName() + "' must be " + BodyProblems.inWords(e.getRequiredType()) + ", got '"
                        + given(e.getValue()) + "'"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "INVALID", BodyProblems.describe(ex)));
    }

    /** What Spring MVC refuses by itself (an unknown path, a wrong method or media type) gets our problem type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        Object shown = body == null && ex instanceof ErrorResponse error ? error.getBody() : body;
        if (status != null && shown instanceof ProblemDetail spring) {
            String detail = spring.getDetail() != null ? spring.getDetail() : status.getReasonPhrase();
            body = problem(status, Problems.kindOf(status), detail);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** A parameter given twice arrives as an array, whose own text would be a Java type name. */
    private static String given(Object value) {
        return value instanceof Object[] values
                ? String.join(", ", Arrays.stream(values).map(String::valueOf).toList()) : String.valueOf(value);
    }

    private static ProblemDetail problem(HttpStatus status, String kind, String detail) {
        return Problems.of(status, kind, detail);
    }
}
