package io.mflow.task.domain;

/** One value an ENUM param allows, and how the dashboard shows it ({@code label}; null: the value itself). */
public record ParamOption(String value, String label) {
}
