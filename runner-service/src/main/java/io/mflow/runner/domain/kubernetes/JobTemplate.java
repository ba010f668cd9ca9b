package io.mflow.runner.domain.kubernetes;

import io.mflow.localrunner.domain.Param;
import java.util.List;

/**
 * A Kubernetes job's {@code runnerSpec} is a manifest with {@code ${name}} placeholders, filled from its template
 * params: params whose names start with a lower-case letter (the reference's TEMPLATE params, e.g.
 * {@code git_ssh_secret}). Upper-case names are environment variables, which the shell in the container resolves
 * itself, so their placeholders stay; so does any placeholder no param fills.
 */
public final class JobTemplate {

    private JobTemplate() {
    }

    public static boolean isTemplateParam(Param param) {
        String name = param.name();
        return name != null && !name.isEmpty() && Character.isLowerCase(name.charAt(0))
                && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }

    /**
     * The manifest with every template param's placeholder replaced by its value, literally. A sensitive value is
     * refused where a placeholder asks for it: it would stand in plain text in the Job, which anyone who may read Jobs
     * reads.
     */
    public static String render(String manifest, List<Param> openedParams) {
        String rendered = manifest;
        for (Param param : openedParams) {
            if (!isTemplateParam(param)) {
                continue;
            }
            String placeholder = "${" + param.name() + "}";
            if (!rendered.contains(placeholder)) {
                continue;
            }
            if (param.sensitive()) {
                throw new IllegalArgumentException("sensitive param " + param.name() + " cannot fill " + placeholder
                        + ": it would stand in plain text in the Job; pass it as an upper-case (environment) param");
            }
            rendered = rendered.replace(placeholder, param.value() == null ? "" : param.value());
        }
        return rendered;
    }
}
