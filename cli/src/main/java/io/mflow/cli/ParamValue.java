package io.mflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -p NAME=VALUE}: a run param as the API takes it; the value may be empty and may hold '='. */
record ParamValue(String name, String value) {

    static final class Converter implements ITypeConverter<ParamValue> {
        @Override
        public ParamValue convert(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("'" + text + "' is not NAME=VALUE");
            }
            return new ParamValue(text.substring(0, eq).strip(), text.substring(eq + 1));
        }
    }

    /** A sensitive value may be passed here: it is never shown, not even in an error. */
    @Override
    public String toString() {
        return name + "=****";
    }
}
