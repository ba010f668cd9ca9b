package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/events.md} true to the published schemas: a new version, field or symbol that the page does not
 * describe, a fingerprint it lists wrongly, or an excerpt of an example that no longer is in the example, fails here.
 * Where the page holds generated text (the fingerprint table), a failure writes the expected text to
 * {@code target/events-fingerprints.md} to paste in.
 */
class EventsDocTest {

    private static final Path DOC = Path.of("..", "docs", "events.md");
    private static final Path PUBLISHED = Path.of("src", "main", "resources", "schemas");
    private static final Pattern FILE = Pattern.compile("(\\w+)-v(\\d+)\\.avsc");
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|");

    private static String doc;
    /** Every published schema from the files on disk, by type and then version. */
    private static final Map<String, TreeMap<Integer, Schema>> published = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC);
        try (var files = Files.list(PUBLISHED)) {
            for (Path file : files.toList()) {
                Matcher name = FILE.matcher(file.getFileName().toString());
                assertThat(name.matches()).as("a published schema is named <Name>-v<N>.avsc: " + file).isTrue();
                published.computeIfAbsent(name.group(1), n -> new TreeMap<>())
                        .put(Integer.parseInt(name.group(2)), new Schema.Parser().parse(file.toFile()));
            }
        }
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(
                Contract.TYPES.stream().map(Class::getSimpleName).toList());
    }

    @Test
    void everyPublishedSchemaIsListedWithItsFingerprintAndTheCurrentVersionIsMarked() throws IOException {
        List<String> rows = new ArrayList<>(List.of("| Type | Version | On the wire | 64-bit number | As a signed long | |",
                "|---|---|---|---|---|---|"));
        published.forEach((type, versions) -> versions.forEach((version, schema) -> {
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            rows.add("| `%s` | %d | `%s` | `0x%016X` | %d | %s |".formatted(type, version, wire(fingerprint),
                    fingerprint, fingerprint, version.equals(versions.lastKey()) ? "current" : ""));
        }));
        String expected = String.join("\n", rows);
        String listed = between("<!-- fingerprints: generated from schemas/src/main/resources/schemas by EventsDocTest -->\n",
                "\n<!-- /fingerprints -->");

        if (!listed.equals(expected)) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "events-fingerprints.md"), expected + "\n");
        }
        assertThat(listed).as("docs/events.md's fingerprint table; the expected one is in"
                + " schemas/target/events-fingerprints.md").isEqualTo(expected);
    }

    @Test
    void everyFieldOfEveryTypesCurrentVersionIsDescribedInItsSectionAndNoOther() {
        published.forEach((type, versions) -> {
            Schema current = versions.lastEntry().getValue();
            String section = section("### " + type + " (v" + versions.lastKey() + ", `" + current.getFullName() + "`)",
                    "\n### ");
            String own = section.split("\n#### ", 2)[0];
            assertThat(rows(own)).as("the fields of %s v%d in docs/events.md", type, versions.lastKey())
                    .containsExactlyElementsOf(current.getFields().stream().map(Schema.Field::name).toList());
            for (Schema.Field field : current.getFields()) {
                int since = versions.entrySet().stream().filter(v -> v.getValue().getField(field.name()) != null)
                        .findFirst().orElseThrow().getKey();
                assertThat(own).as("%s.%s came in v%d", type, field.name(), since)
                        .containsPattern("\\| `" + field.name() + "` \\| [^\\n]* \\| v" + since + " \\|");
            }
        });
    }

    @Test
    void everyNestedRecordAndEnumIsDescribedWithAllItsFieldsOrSymbols() {
        Map<String, Schema> nested = new TreeMap<>();
        published.values().forEach(versions -> versions.lastEntry().getValue().getFields()
                .forEach(field -> collectNamed(field.schema(), nested)));
        nested.forEach((name, schema) -> {
            String section = section("#### " + name + "\n", "\n##");
            if (schema.getType() == Schema.Type.ENUM) {
                assertThat(section).as("the symbols of " + name).contains("Symbols, in order: " + schema.getEnumSymbols()
                        .stream().map(s -> "`" + s + "`").collect(Collectors.joining(", ")) + ".");
            } else {
                assertThat(rows(section)).as("the fields of " + name)
                        .containsExactlyElementsOf(schema.getFields().stream().map(Schema.Field::name).toList());
            }
        });
    }

    @Test
    void theParsingCanonicalFormShownIsTheOneTheSpecificationGives() {
        Schema cancelJob = published.get("CancelJob").get(1);
        String shown = between("<!-- pcf: CancelJob v1 -->\n```json\n", "\n```");

        assertThat(shown).isEqualTo(SchemaNormalization.toParsingForm(cancelJob));
    }

    @Test
    void theWorkedExampleIsTheBytesAvroWrites() throws IOException {
        Schema turnCame = published.get("JobTaskTurnCame").get(1);
        GenericRecord record = new GenericData.Record(turnCame);
        record.put("reportId", "r-1");
        record.put("pipelineTaskId", null);
        record.put("jobTaskId", "jt-1");
        record.put("reportedAt", Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), turnCame).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        String shown = between("<!-- example: JobTaskTurnCame v1 -->\n```\n", "\n```").lines()
                .map(line -> line.substring(0, 27).trim()).collect(Collectors.joining(" "));
        assertThat(shown).isEqualTo(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes));
    }

    @Test
    void everyExcerptOfAnExampleIsInTheExampleItNames() throws IOException {
        Matcher excerpt = Pattern.compile("<!-- from (docs/examples/\\S+) -->\n```\\w*\n(.*?)\n```", Pattern.DOTALL)
                .matcher(doc);
        int excerpts = 0;
        while (excerpt.find()) {
            String example = Files.readString(Path.of("..").resolve(excerpt.group(1)));
            assertThat(example).as("an excerpt of " + excerpt.group(1) + " in docs/events.md").contains(excerpt.group(2));
            excerpts++;
        }
        assertThat(excerpts).isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyTopicIsListedWithTheTypesItCarries() throws IllegalAccessException {
        String topics = section("## Topics\n", "\n## ");
        for (Field constant : Topics.class.getFields()) {
            if (Modifier.isStatic(constant.getModifiers()) && constant.get(null) instanceof String name
                    && name.startsWith("mflow.")) {
                assertThat(topics).as("the topic " + name).contains("| `" + name + "` |");
            }
        }
        for (String type : published.keySet()) {
            assertThat(topics).as("the topic of " + type).containsPattern("\\| `mflow\\.[a-z-]+` \\|[^\\n]*`" + type + "`");
        }
    }

    private static void collectNamed(Schema schema, Map<String, Schema> into) {
        switch (schema.getType()) {
            case RECORD -> {
                if (into.put(schema.getName(), schema) == null) {
                    schema.getFields().forEach(field -> collectNamed(field.schema(), into));
                }
            }
            case ENUM -> into.put(schema.getName(), schema);
            case UNION -> schema.getTypes().forEach(branch -> collectNamed(branch, into));
            case ARRAY -> collectNamed(schema.getElementType(), into);
            case MAP -> collectNamed(schema.getValueType(), into);
            default -> {
            }
        }
    }

    /** The field names of a section's table rows, in order. */
    private static List<String> rows(String section) {
        Set<String> names = new LinkedHashSet<>();
        section.lines().map(ROW::matcher).filter(Matcher::find).forEach(m -> names.add(m.group(1)));
        return List.copyOf(names);
    }

    /** From a heading to the next one of the same or a higher level. */
    private static String section(String heading, String next) {
        int start = doc.indexOf(heading);
        assertThat(start).as("docs/events.md has " + heading.trim()).isNotNegative();
        int end = doc.indexOf(next, start + heading.length());
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static String between(String before, String after) {
        int start = doc.indexOf(before);
        assertThat(start).as("docs/events.md has " + before.trim()).isNotNegative();
        start += before.length();
        return doc.substring(start, doc.indexOf(after, start));
    }

    private static String wire(long fingerprint) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (fingerprint >>> (8 * i));
        }
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}
