package io.mflow.cli;

import io.mflow.schemas.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every schema a writer of the contract may have used, found by the 64-bit fingerprint that a single-object
 * encoded record starts with: each published {@code <Name>-vN.avsc} of each type in {@link Contract#TYPES}.
 */
final class PublishedSchemas {

    /**
     * A schema a record was written with. {@code version} is its published number, or null for a schema of this
     * build that was never published (a development build ahead of the {@code .avsc} files).
     */
    record Writer(String type, String fullName, Integer version, Schema schema) {
    }

    private final Map<Long, Writer> byFingerprint;
    private final List<String> fullNames;

    private PublishedSchemas(Map<Long, Writer> byFingerprint, List<String> fullNames) {
        this.byFingerprint = byFingerprint;
        this.fullNames = fullNames;
    }

    static PublishedSchemas ofContract() {
        Map<Long, Writer> byFingerprint = new HashMap<>();
        List<String> fullNames = new ArrayList<>();
        Contract.publishedByFingerprint().forEach((fingerprint, published) -> byFingerprint.put(fingerprint,
                new Writer(published.typeName(), published.schema().getFullName(), published.version(),
                        published.schema())));
        for (Class<? extends SpecificRecord> type : Contract.TYPES) {
            Schema current = SpecificData.get().getSchema(type);
            byFingerprint.putIfAbsent(fingerprint(current),
                    new Writer(current.getName(), current.getFullName(), null, current));
            fullNames.add(current.getFullName());
        }
        return new PublishedSchemas(Map.copyOf(byFingerprint), List.copyOf(fullNames));
    }

    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    Optional<Writer> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The full names of the contract's record types, in {@link Contract#TYPES} order. */
    List<String> typeNames() {
        return fullNames;
    }

    /** The full name of a type given by its short or full name, if the contract has it. */
    Optional<String> fullNameOf(String name) {
        return fullNames.stream().filter(full -> full.equals(name) || shortName(full).equals(name)).findFirst();
    }

    static String shortName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('.') + 1);
    }
}
