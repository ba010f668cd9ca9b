package io.mflow.task.it;

import io.mflow.task.it.ApiOperations.Operation;
import io.mflow.task.it.ApiOperations.Parameter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to one operation, generated from its OpenAPI schemas: first a request that looks right (a field the test
 * knows values for, such as {@code job} or {@code stage}, mostly gets one of them, so that some requests get past
 * the checks), then the same request with what callers get wrong put inside it: a null or a value of another type
 * at any place, huge and odd strings, odd map keys, odd path ids and query values, a body that is not JSON at all.
 */
final class ApiRequests {

    /** One request, shortened when printed: jqwik shows the failing one, and it may carry 300,000 characters. */
    record ApiRequest(String operation, String method, String pathAndQuery, byte[] body, String contentType) {

        @Override
        public String toString() {
            String text = body == null ? null : new String(body, StandardCharsets.UTF_8);
            return method + " " + shorten(pathAndQuery) + (text == null ? "" : " " + contentType + " " + shorten(text));
        }

        private static String shorten(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Odd text; nothing in it may look like a Java class name, which is what the test looks for in answers. */
    private static final List<String> ODD_TEXT = List.of("", " ", ".", "..", "../../etc/passwd", "%", "%00", "\u0000",
            "\t\n", "😀", "\uFEFF", "\u202Eevil", "$where", "a.b", "{\"$gt\": \"\"}", "null", "-1", "0", "NaN",
            "<script>", "' OR '1'='1", "${jndi:ldap://x}", "active", "\\", "/", "a/b", "?", "#", ";", "\uD800");

    /**
     * Values that make sense in a field of this name ({@code runnerType}: {@code LOCAL}) wherever it is, and in a
     * path parameter after this segment ({@code pipelines}: the id of a pipeline that exists).
     */
    private final Map<String, List<String>> valuesByField;

    ApiRequests(Map<String, List<String>> valuesByField) {
        this.valuesByField = Map.copyOf(valuesByField);
    }

    Arbitrary<ApiRequest> to(Operation operation) {
        Arbitrary<byte[]> body = operation.bodySchema() == null ? Arbitraries.<byte[]>just(null) : bodies(operation);
        return Combinators.combine(paths(operation), queries(operation), body, contentTypes())
                .as((path, query, json, type) -> new ApiRequest(operation.id(), operation.method(), path + query,
                        json, type));
    }

    private Arbitrary<String> paths(Operation operation) {
        if (operation.pathParameters().isEmpty()) {
            return Arbitraries.just(operation.path());
        }
        List<Arbitrary<String>> segments = operation.pathParameters().stream()
                .map(p -> ids(operation.path().split("/\\{" + p.name() + "}")[0])).toList();
        return Combinators.combine(segments).as(values -> {
            String path = operation.path();
            for (int i = 0; i < values.size(); i++) {
                path = path.replace("{" + operation.pathParameters().get(i).name() + "}", segment(values.get(i)));
            }
            return path;
        });
    }

    /**
     * Ids of things that exist, plausible ones, odd ones, for the parameter that follows {@code before}; never the
     * admin, whom a PATCH could lock out of the test.
     */
    private Arbitrary<String> ids(String before) {
        List<String> known = valuesByField.getOrDefault(before.substring(before.lastIndexOf('/') + 1), List.of());
        Arbitrary<String> existing = known.isEmpty() ? plausibleNames() : Arbitraries.of(known);
        return Arbitraries.frequencyOf(Tuple.of(5, existing), Tuple.of(2, plausibleNames()),
                Tuple.of(3, oddText(2_049))).filter(id -> !id.equals("admin"));
    }

    private Arbitrary<String> queries(Operation operation) {
        if (operation.queryParameters().isEmpty()) {
            return Arbitraries.just("");
        }
        List<Arbitrary<String>> pairs = new ArrayList<>();
        for (Parameter parameter : operation.queryParameters()) {
            Arbitrary<String> value = Arbitraries.frequencyOf(
                    Tuple.of(4, valuesOf(operation, parameter.name(), parameter.schema(), 0).map(String::valueOf)),
                    Tuple.of(3, oddText(2_049)));
            String name = URLEncoder.encode(parameter.name(), StandardCharsets.UTF_8);
            Arbitrary<String> pair = value.map(v -> name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            // given twice, a parameter reaches Spring MVC as an array of two values
            pairs.add(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(6, pair),
                    Tuple.of(1, pair.list().ofSize(2).map(twice -> String.join("&", twice)))));
        }
        return Combinators.combine(pairs).as(given -> {
            String query = String.join("&", given.stream().filter(p -> !p.isEmpty()).toList());
            return query.isEmpty() ? "" : "?" + query;
        });
    }

    private Arbitrary<byte[]> bodies(Operation operation) {
        Arbitrary<byte[]> json = valuesOf(operation, "", operation.bodySchema(), 0).flatMap(ApiRequests::mutated)
                // as a String first: a lone surrogate becomes '?' there instead of failing the JSON writer
                .map(value -> JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(9, json), Tuple.of(1, rawBodies()));
    }

    /** A value of the schema's shape for the named field; a list's items count as the list's field. */
    private Arbitrary<Object> valuesOf(Operation operation, String field, JsonNode given, int depth) {
        JsonNode schema = operation.resolve(given);
        switch (typeOf(schema)) {
            case "object" -> {
                if (schema.has("properties")) {
                    List<Arbitrary<Map<String, Object>>> fields = new ArrayList<>();
                    for (var property : schema.path("properties").properties()) {
                        String name = property.getKey();
                        Arbitrary<Object> value = valuesOf(operation, name, property.getValue(), depth + 1);
                        fields.add(value.map(v -> single(name, v)).optional(0.9)
                                .map(present -> present.orElse(Map.of())));
                    }
                    return Combinators.combine(fields).as(ApiRequests::merged);
                }
                JsonNode entries = schema.path("additionalProperties");
                Arbitrary<Object> values = entries.isObject() ? valuesOf(operation, field, entries, depth + 1)
                        : words(field).map(s -> s);
                return Arbitraries.maps(keys(), values).ofMaxSize(3).map(map -> map);
            }
            case "array" -> {
                return valuesOf(operation, field, schema.path("items"), depth + 1).list().ofMaxSize(depth > 2 ? 1 : 3)
                        .map(list -> list);
            }
            case "integer" -> {
                return Arbitraries.integers().between(-1, 120).map(i -> i);
            }
            case "number" -> {
                return Arbitraries.doubles().between(-1, 1e6).map(d -> d);
            }
            case "boolean" -> {
                return Arbitraries.of(true, false).map(b -> b);
            }
            default -> {
                if (schema.has("enum")) {
                    return Arbitraries.of(schema.path("enum").values().stream().map(JsonNode::asString).toList())
                            .map(s -> s);
                }
                return words(field).map(s -> s);
            }
        }
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            // OpenAPI 3.1 writes a nullable string as ["string", "null"]
            return type.values().stream().map(JsonNode::asString).filter(t -> !t.equals("null")).findFirst()
                    .orElse("null");
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") || schema.has("additionalProperties") ? "object"
                : schema.has("items") ? "array" : "string";
    }

    /** The value unchanged, or with one place in it (the whole value too) replaced or given an odd entry. */
    private static Arbitrary<Object> mutated(Object value) {
        int places = count(value);
        Arbitrary<Integer> place = Arbitraries.integers().between(0, places - 1);
        Arbitrary<Object> replaced = Combinators.combine(place, oddValues())
                .as((at, odd) -> replaceAt(value, new int[] {at}, odd));
        Arbitrary<Object> extended = Combinators.combine(place, keys(), oddValues())
                .as((at, key, odd) -> addAt(value, new int[] {at}, key, odd));
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(value)), Tuple.of(5, replaced),
                Tuple.of(1, extended));
    }

    /** What a caller may put where a value belongs: null, another type, a huge or odd string, an odd container. */
    private static Arbitrary<Object> oddValues() {
        Map<String, Object> nullInside = new LinkedHashMap<>();
        nullInside.put("x", null);
        List<Object> nullElement = new ArrayList<>();
        nullElement.add(null);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(null)),
                Tuple.of(3, Arbitraries.of(0, -1, 2_147_483_648L, Long.MIN_VALUE, 1.5, 1e308, true, false)),
                Tuple.of(4, oddText(300_000).map(s -> s)),
                Tuple.of(3, Arbitraries.of(List.of(), Map.of(), nullElement, nullInside, List.of(List.of(List.of())),
                        Map.of("$where", "1"), Map.of("a.b", "c"), List.of("x", 1, true))));
    }

    /** Odd text up to about {@code longest} characters: lengths around each limit, control characters, markup. */
    private static Arbitrary<String> oddText(int longest) {
        List<Integer> lengths = Arrays.stream(new int[] {127, 128, 129, 2_048, 2_049, 65_536, 65_537, 300_000})
                .filter(n -> n <= longest).boxed().toList();
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(ODD_TEXT)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(2, Arbitraries.of(lengths).map("n"::repeat)),
                Tuple.of(1, Arbitraries.of(lengths).map("€"::repeat)));
    }

    private Arbitrary<String> words(String field) {
        List<String> known = valuesByField.getOrDefault(field, List.of());
        Arbitrary<String> plausible = known.isEmpty() ? plausibleNames() : Arbitraries.of(known);
        return Arbitraries.frequencyOf(Tuple.of(8, plausible), Tuple.of(2, oddText(300_000)));
    }

    private static Arbitrary<String> plausibleNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMinLength(1)
                .ofMaxLength(16);
    }

    /** Map keys: a store may refuse those with dots or a leading dollar. */
    private static Arbitrary<String> keys() {
        return Arbitraries.frequencyOf(Tuple.of(4, plausibleNames()),
                Tuple.of(2, Arbitraries.of("", " ", "a.b", "$set", "_id", "\u0000", "😀", "k".repeat(129))));
    }

    /** Bodies that are not JSON of any shape: empty, cut short, too deep, not UTF-8, over the size limit. */
    private static Arbitrary<byte[]> rawBodies() {
        Arbitrary<String> text = Arbitraries.of("", " ", "{", "}", "null", "[]", "[null]", "\"x\"", "42", "true",
                "{\"a\":", "{\"name\": \"x\"}}", "{'name': 'x'}", "{\"name\": 1e999999}",
                "{\"name\": 123456789012345678901234567890}", "{\"page\": -0.0}", "{\"name\":\"a\",\"name\":\"b\"}");
        Arbitrary<String> deep = Arbitraries.of(600, 1_500, 5_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth), "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        byte[] notUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String overLimit = "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}";
        return Arbitraries.frequencyOf(
                Tuple.of(6, text.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, deep.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.just(notUtf8)),
                Tuple.of(1, Arbitraries.just(overLimit.getBytes(StandardCharsets.UTF_8))));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("application/json")),
                Tuple.of(1, Arbitraries.of("text/plain", "application/xml", "application/json; charset=nope",
                        "application/json; charset=UTF-16", "application/x-www-form-urlencoded", "*/*", "")));
    }

    /** Percent-encodes all but the unreserved characters, so any text can be a path segment. */
    private static String segment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static Object merged(List<Map<String, Object>> fields) {
        Map<String, Object> object = new LinkedHashMap<>();
        fields.forEach(object::putAll);
        return object;
    }

    /** Places in a value, the value itself counted: each map, list and scalar in it. */
    private static int count(Object value) {
        if (value instanceof Map<?, ?> map) {
            return 1 + map.values().stream().mapToInt(ApiRequests::count).sum();
        }
        if (value instanceof List<?> list) {
            return 1 + list.stream().mapToInt(ApiRequests::count).sum();
        }
        return 1;
    }

    /** A copy with the place numbered {@code at[0]} (in the order {@link #count} counts) replaced. */
    private static Object replaceAt(Object value, int[] at, Object replacement) {
        if (at[0]-- == 0) {
            return replacement;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, replaceAt(v, at, replacement)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(replaceAt(v, at, replacement)));
            return copy;
        }
        return value;
    }

    /** A copy with an entry added to the place numbered {@code at[0]} when it is a map. */
    private static Object addAt(Object value, int[] at, String key, Object entry) {
        boolean here = at[0]-- == 0;
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, addAt(v, at, key, entry)));
            if (here) {
                copy.put(key, entry);
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(addAt(v, at, key, entry)));
            return copy;
        }
        return value;
    }
}
