package io.mflow.pipeline.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a param's value must look like, as task-service checks it when a run is requested; here it checks the values
 * earlier jobs' outputs lay over a task's params, which nobody could check before. Named by text on the wire: a type
 * this version does not know takes any value (it is a newer writer's, and task-service checked the request).
 */
public final class ParamType {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private ParamType() {
    }

    /** Why {@code value} does not fit the type named {@code type}, or null when it does (an empty value always does). */
    public static String problemWith(String type, String value, List<String> options) {
        if (type == null || value == null || value.isEmpty()) {
            return null;
        }
        switch (type) {
            case "STRING":
            case "HTTP_ENUM":
                return value.contains("\n") || value.contains("\r") ? "must be a single line" : null;
            case "NUMBER":
                return NUMBER.matcher(value).matches() ? null : "must be a number, not '" + shown(value) + "'";
            case "BOOLEAN":
                return value.equals("true") || value.equals("false") ? null
                        : "must be true or false, not '" + shown(value) + "'";
            case "ENUM":
                return options.contains(value) ? null : "must be one of " + options + ", not '" + shown(value) + "'";
            case "URL":
                return isUrl(value) ? null : "must be an absolute URL, not '" + shown(value) + "'";
            case "K8S_CONFIG_MAP":
            case "K8S_SECRET":
                return value.length() <= 253 && K8S_NAME.matcher(value).matches() ? null
                        : "must be the name of a Kubernetes " + ("K8S_SECRET".equals(type) ? "Secret" : "ConfigMap")
                        + ", not '" + shown(value) + "'";
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

    private static String shown(String value) {
        String line = value.replaceAll("[\\r\\n]+", " ");
        return line.length() <= 64 ? line : line.substring(0, 61) + "...";
    }
}
