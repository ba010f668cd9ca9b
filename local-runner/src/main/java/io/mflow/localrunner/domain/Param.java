package io.mflow.localrunner.domain;

import java.util.regex.Pattern;

/** One merged run param; a sensitive value stays sealed until the process starts. */
public record Param(String name, String value, boolean sensitive) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Only params that a shell can see as variables become the job's environment. */
    public boolean isEnvVariable() {
        return name != null && ENV_NAME.matcher(name).matches();
    }

    public Param withValue(String newValue) {
        return new Param(name, newValue, sensitive);
    }

    @Override
    public String toString() {
        return "Param[" + name + "=" + (sensitive ? "******" : value) + "]";
    }
}
