package io.mflow.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem documents, the one error shape of every mflow endpoint. Controllers answer with
 * {@link #of}; filters, which run before Spring MVC, write one with {@link #write}.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** A problem whose type names the kind of failure ({@code urn:mflow:problem:not-found}) and whose detail says what to fix. */
    public static ProblemDetail of(HttpStatus status, String kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:mflow:problem:" + kind.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** The kind a status stands for when nothing more specific is known: {@code INVALID} for 400 and so on. */
    public static String kindOf(HttpStatus status) {
        if (status.is5xxServerError()) {
            return "INTERNAL";
        }
        return switch (status) {
            case BAD_REQUEST -> "INVALID";
            case UNAUTHORIZED -> "UNAUTHENTICATED";
            default -> status.name();
        };
    }

    /**
     * What to say of a request the container refused or failed before any of our code looked at it: nothing of the
     * failure itself, which may name our code (the log has it).
     */
    public static String detailBeforeService(HttpStatus status) {
        return status.is5xxServerError() ? "the request could not be completed"
                : "the request was refused before it reached the service: " + status.getReasonPhrase();
    }

    public static void write(HttpServletResponse response, HttpStatus status, String kind, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json(status, kind, detail).getBytes(StandardCharsets.UTF_8));
    }

    /** The document as text, for writers that are not a servlet response (Tomcat's error report). */
    public static String json(HttpStatus status, String kind, String detail) {
        ProblemDetail problem = of(status, kind, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        return JSON.writeValueAsString(body);
    }
}
