package io.mflow.task.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The operations an OpenAPI document describes, with every {@code $ref} of their schemas resolved. */
final class ApiOperations {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private ApiOperations() {
    }

    /** One operation: the path template ({@code /api/v1/jobs/{id}}), its parameters and its body's schema. */
    record Operation(String method, String path, List<Parameter> pathParameters, List<Parameter> queryParameters,
                     JsonNode bodySchema, JsonNode document) {

        String id() {
            return method + " " + path;
        }

        /** A schema with its {@code $ref} followed, so generators see the shape itself. */
        JsonNode resolve(JsonNode schema) {
            JsonNode resolved = schema;
            while (resolved != null && resolved.has("$ref")) {
                String ref = resolved.path("$ref").asString();
                resolved = document.at(ref.substring(1));
            }
            return resolved;
        }

        @Override
        public String toString() {
            return id();
        }
    }

    record Parameter(String name, JsonNode schema, boolean required) {
    }

    static List<Operation> of(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (var path : document.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                List<Parameter> inPath = new ArrayList<>();
                List<Parameter> inQuery = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    Parameter p = new Parameter(parameter.path("name").asString(), parameter.path("schema"),
                            parameter.path("required").asBoolean(false));
                    (parameter.path("in").asString().equals("path") ? inPath : inQuery).add(p);
                }
                // springdoc lists what a body may be sent as; every type it names shares the one schema
                JsonNode body = operation.path("requestBody").path("content").values().stream().findFirst()
                        .map(content -> content.path("schema")).orElse(null);
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), inPath, inQuery,
                        body == null || body.isMissingNode() ? null : body, document));
            }
        }
        return operations;
    }
}
