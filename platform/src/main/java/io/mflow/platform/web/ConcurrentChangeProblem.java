package io.mflow.platform.web;

import io.mflow.platform.aggregate.ConcurrentChangeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A change that lost every race to other writers changed nothing: the caller may simply try again, so it is a 409,
 * not a 500. First among the advices, so a service's catch-all handler does not turn it into an incident.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConcurrentChangeProblem {

    @ExceptionHandler(ConcurrentChangeException.class)
    ResponseEntity<ProblemDetail> conflict(ConcurrentChangeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, "CONFLICT", e.getMessage()));
    }
}
