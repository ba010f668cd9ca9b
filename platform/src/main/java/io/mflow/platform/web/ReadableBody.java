package io.mflow.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses the bodies Spring MVC would fail on with a server error instead of a refusal: one whose
 * {@code Content-Type} is a pattern ({@code *}{@code /*}, spring-framework#27957) answers 415, a form Tomcat cannot
 * decode (it throws when Spring MVC asks for the form's parameters) 400. Every other type is Spring MVC's to judge.
 */
public class ReadableBody extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MediaType type = typeOf(request);
        if (type != null && (type.isWildcardType() || type.isWildcardSubtype())) {
            HttpStatus status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            Problems.write(response, status, Problems.kindOf(status), "Content-Type must name one media type, like "
                    + "application/json; '" + request.getContentType() + "' is a pattern");
            return;
        }
        if (type != null && MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
            try {
                request.getParameterMap();
            } catch (IllegalStateException undecodable) {
                Problems.write(response, HttpStatus.BAD_REQUEST, Problems.kindOf(HttpStatus.BAD_REQUEST),
                        "the form in the request body cannot be decoded; send JSON as application/json");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static MediaType typeOf(HttpServletRequest request) {
        try {
            return request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException unparsable) {
            return null;
        }
    }
}
