package io.mflow.task.domain;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which branches, tags or merge-request target branches a build configuration takes, by the configured
 * {@code pattern}: the incoming ref is the value matched, never the pattern (the reference swapped the two, so
 * {@code release/*} never matched a branch).
 */
public record RefPattern(String pattern, Match match) {

    /** EXACT: the same text; GLOB: {@code *} any characters but '/', {@code **} any, {@code ?} one; REGEX: whole ref. */
    public enum Match { EXACT, GLOB, REGEX }

    public RefPattern {
        match = match == null ? Match.EXACT : match;
    }

    /** Why the pattern cannot be used, or null. */
    public String problem() {
        if (pattern == null || pattern.isBlank()) {
            return "needs a pattern";
        }
        if (pattern.length() > Limits.NAME_LENGTH) {
            return "is " + pattern.length() + " characters long; at most " + Limits.NAME_LENGTH + " are allowed";
        }
        if (match == Match.REGEX) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException invalid) {
                return "is not a regular expression: " + invalid.getDescription();
            }
        }
        return null;
    }

    public boolean matches(String ref) {
        if (ref == null) {
            return false;
        }
        return switch (match) {
            case EXACT -> pattern.equals(ref);
            case GLOB -> globToRegex(pattern).matcher(ref).matches();
            case REGEX -> Pattern.compile(pattern).matcher(ref).matches();
        };
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
