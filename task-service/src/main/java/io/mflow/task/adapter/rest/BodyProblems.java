package io.mflow.task.adapter.rest;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * What is wrong with a request body, in the caller's terms: where in the JSON ({@code stages[0].tasks}) and what was
 * expected there ("an array"). Jackson's own messages name our Java types, which a caller neither knows nor needs.
 */
final class BodyProblems {

    /** Jackson's notes on where it read, {@code (start marker at [Source: REDACTED ...; line: 1, column: 1])}. */
    private static final Pattern SOURCE =
            Pattern.compile("\\s*\\((start marker at )?\\[Source: [^\\]]*]\\)|\\s*\\[Source: [^\\]]*]");
    /** ... and on which of its settings refused: {@code (1000, from `StreamReadConstraints.getMaxNestingDepth()`)}. */
    private static final Pattern CODE = Pattern.compile(",? ?(from )?`[^`]*\\.[^`]*`");
    private static final int NAME_SHOWN = 64;

    private BodyProblems() {
    }

    static String describe(HttpMessageNotReadableException unreadable) {
        JacksonException jackson = jacksonCause(unreadable);
        if (jackson == null) {
            return "the request body is missing or unreadable; send a JSON object";
        }
        String where = where(jackson.getPath());
        if (jackson instanceof InvalidNullException) {
            return where + " must not be null";
        }
        if (jackson instanceof PropertyBindingException) {
            return where + " is not a field of this request";
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            JsonToken token = mismatch.getCurrentToken();
            return where + " must be " + inWords(mismatch.getTargetType())
                    + (token == null ? "" : ", not " + inWords(token));
        }
        if (jackson instanceof InputCoercionException coercion) {
            return where + " must be " + inWords(coercion.getTargetType()) + " in range: " + plain(coercion);
        }
        if (jackson instanceof StreamReadException) {
            return "the request body is not valid JSON" + at(jackson.getLocation()) + ": " + plain(jackson);
        }
        return where + " cannot be read: " + plain(jackson);
    }

    /** What a value of this Java type looks like in JSON. */
    static String inWords(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.of(Integer.class, int.class, Long.class, long.class, Short.class, short.class, Byte.class,
                byte.class, java.math.BigInteger.class).contains(type)) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time like 2024-01-31T12:00:00Z";
        }
        return "an object";
    }

    private static String inWords(JsonToken token) {
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }

    /** The path as a caller writes it: {@code stages[0].tasks[1].params}; the whole body when there is none. */
    private static String where(List<JacksonException.Reference> path) {
        StringBuilder where = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                String name = step.getPropertyName();
                where.append(where.isEmpty() ? "" : ".")
                        .append(name.length() > NAME_SHOWN ? name.substring(0, NAME_SHOWN) + "..." : name);
            } else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.isEmpty() ? "the request body" : where.toString();
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's own sentence about the JSON text, without its notes on our code. */
    private static String plain(JacksonException jackson) {
        String message = String.valueOf(jackson.getOriginalMessage());
        int end = message.indexOf('\n');
        message = SOURCE.matcher(end < 0 ? message : message.substring(0, end)).replaceAll("");
        message = CODE.matcher(message).replaceAll("").replace("`", "");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    private static JacksonException jacksonCause(Throwable error) {
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }
}
