package io.mflow.task.adapter.rest;

import io.mflow.task.app.RequestRefused;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Job and pipeline definitions as bodies: mflow's JSON, or the reference's documents in YAML or JSON, read into
 * mflow's request records through the same binding (and so the same problems) as any JSON body; and written back
 * in the reference's shape as YAML, for a team that keeps its definitions in git.
 */
@Component
class DefinitionBodies {

    /** RFC 9512's type, and the ones tools sent before it. */
    static final String[] YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"};

    private final JsonMapper json;
    private final YAMLMapper yaml = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES).enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE).build();

    DefinitionBodies(JsonMapper json) {
        this.json = json;
    }

    /** A definition read from its body, translated when it is in the reference's shape, with what had no effect. */
    <T> Defined<T> read(String body, String contentType, Class<T> type, Predicate<JsonNode> isReference,
                        Function<JsonNode, Translated> translate) throws HttpMediaTypeNotSupportedException {
        JsonNode tree = tree(body, readAs(contentType));
        if (!tree.isObject()) {
            throw RequestRefused.invalid("the request body must be an object, not " + inWords(tree));
        }
        Translated translated = isReference.test(tree) ? translate.apply(tree) : new Translated(tree, List.of());
        try {
            return new Defined<>(json.treeToValue(translated.body(), type), translated.warnings());
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException(e.getOriginalMessage(), e, null);
        }
    }

    private JsonNode tree(String body, boolean isYaml) {
        try {
            JsonNode tree = isYaml ? yaml.readTree(body) : json.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new HttpMessageNotReadableException("the request body is empty", (Throwable) null, null);
            }
            return tree;
        } catch (JacksonException e) {
            if (isYaml) {
                throw RequestRefused.invalid("the request body is not valid YAML"
                        + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr()));
            }
            throw new HttpMessageNotReadableException(e.getOriginalMessage(), e, null);
        }
    }

    /** What a body that is no object is, in the words {@link BodyProblems} uses for JSON's values. */
    private static String inWords(JsonNode tree) {
        if (tree.isArray()) {
            return "an array";
        }
        if (tree.isString()) {
            return "a string";
        }
        if (tree.isNumber()) {
            return "a number";
        }
        if (tree.isBoolean()) {
            return "a boolean";
        }
        return tree.isNull() ? "null" : "something else";
    }

    /** Whether the caller asked for YAML before anything else it accepts. */
    static boolean wantsYaml(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        MediaType first = null;
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (first == null || type.getQualityValue() > first.getQualityValue()) {
                first = type;
            }
        }
        return first != null && isYaml(first);
    }

    /** A mflow answer ({@code JobResponse}, {@code PipelineResponse}) in the reference's shape, as YAML. */
    ResponseEntity<byte[]> yaml(Object answer, Function<JsonNode, JsonNode> toReference) {
        JsonNode document = toReference.apply(json.valueToTree(answer));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/yaml")
                .body(yaml.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the body is YAML (true) or JSON (false); any other type is refused, as a JSON body's was. */
    private static boolean readAs(String contentType) throws HttpMediaTypeNotSupportedException {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMimeTypeException e) {
            type = null;
        }
        if (type != null && isYaml(type)) {
            return true;
        }
        if (type != null && (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                || type.getType().equals("application") && type.getSubtype().endsWith("+json"))) {
            return false;
        }
        List<MediaType> supported = new ArrayList<>(List.of(MediaType.APPLICATION_JSON));
        for (String yamlType : YAML_TYPES) {
            supported.add(MediaType.parseMediaType(yamlType));
        }
        throw new HttpMediaTypeNotSupportedException(type, supported, HttpMethod.POST);
    }

    private static boolean isYaml(MediaType type) {
        for (String yamlType : YAML_TYPES) {
            if (MediaType.parseMediaType(yamlType).equalsTypeAndSubtype(type)) {
                return true;
            }
        }
        return false;
    }

    /** A definition as stored, and the warnings of its document: fields it carried that have no effect in mflow. */
    record Defined<T>(T request, List<String> warnings) {
    }
}
