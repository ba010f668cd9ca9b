package io.mflow.task.domain;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a param's value must look like (the reference's {@code value_type}, with STRING, NUMBER and URL added). An
 * empty value fits every type: whether a value is needed at all is the {@code required} flag's business.
 */
public enum ParamType {
    /** One line of text. */
    STRING,
    /** Any text, several lines included: the default, as in the reference. */
    TEXT,
    /** A decimal number: {@code 42}, {@code -1.5}. */
    NUMBER,
    /** {@code true} or {@code false}, nothing else. */
    BOOLEAN,
    /** One of the param's options. */
    ENUM,
    /** An absolute URL with a scheme and a host: {@code https://example.com/x}. */
    URL,
    /** One line; the options come from a URL the dashboard reads, so the engine cannot check the value further. */
    HTTP_ENUM,
    /** The name of a Kubernetes ConfigMap (a DNS subdomain name). */
    K8S_CONFIG_MAP,
    /** The name of a Kubernetes Secret (a DNS subdomain name). */
    K8S_SECRET;

    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int K8S_NAME_LENGTH = 253;

    /** The type a definition names, case-insensitively; null or blank is {@link #TEXT}; anything else is null. */
    public static ParamType named(String text) {
        if (text == null || text.isBlank()) {
            return TEXT;
        }
        for (ParamType type : values()) {
            if (type.name().equalsIgnoreCase(text.trim())) {
                return type;
            }
        }
        return null;
    }

    /** Types whose value must be one of a list: ENUM's own options, BOOLEAN's true and false. */
    public boolean hasOptions() {
        return this == ENUM || this == BOOLEAN;
    }

    /**
     * Why {@code value} does not fit this type, as the end of a sentence ("must be a number, not 'x'"); null when it
     * fits. {@code options} are the values an ENUM param allows.
     */
    public String problemWith(String value, List<String> options) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        switch (this) {
            case STRING, HTTP_ENUM:
                return value.contains("\n") || value.contains("\r") ? "must be a single line" : null;
            case NUMBER:
                return NUMBER_TEXT.matcher(value).matches() ? null : "must be a number, not '" + shown(value) + "'";
            case BOOLEAN:
                return value.equals("true") || value.equals("false") ? null
                        : "must be true or false, not '" + shown(value) + "'";
            case ENUM:
                return options != null && options.contains(value) ? null
                        : "must be one of " + (options == null ? List.of() : options) + ", not '" + shown(value) + "'";
            case URL:
                return isUrl(value) ? null : "must be an absolute URL such as https://example.com/x, not '"
                        + shown(value) + "'";
            case K8S_CONFIG_MAP, K8S_SECRET:
                return value.length() <= K8S_NAME_LENGTH && K8S_NAME.matcher(value).matches() ? null
                        : "must be the name of a Kubernetes " + (this == K8S_SECRET ? "Secret" : "ConfigMap")
                        + " (lower-case letters, digits, '-' and '.'), not '" + shown(value) + "'";
            default:
                return null;
        }
    }

    private static boolean isUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A refused value is quoted back to its author, shortened: it may be long, and it lands in logs. */
    private static String shown(String value) {
        String line = value.replaceAll("[\\r\\n]+", " ");
        return line.length() <= 64 ? line : line.substring(0, 61) + "...";
    }
}
