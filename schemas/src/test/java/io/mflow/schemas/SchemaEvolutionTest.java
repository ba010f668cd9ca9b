package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Users produce to and read from our topics, so a schema change must never break a reader or a writer. */
class SchemaEvolutionTest {

    static final List<Class<? extends SpecificRecord>> TYPES = Contract.TYPES;

    @ParameterizedTest
    @FieldSource("TYPES")
    void theCurrentSchemaIsPublishedAsTheNewestVersion(Class<? extends SpecificRecord> type) {
        List<Schema> versions = Contract.publishedVersions(type);
        assertThat(versions).as("schemas/%s-vN.avsc", type.getSimpleName()).isNotEmpty();
        Schema current = SpecificData.get().getSchema(type);
        assertThat(SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1)))
                .as("%s changed: publish it as a new version file", type.getSimpleName())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }

    @ParameterizedTest
    @FieldSource("TYPES")
    void everyVersionReadsEveryOtherVersion(Class<? extends SpecificRecord> type) {
        List<Schema> versions = Contract.publishedVersions(type);
        for (Schema reader : versions) {
            for (Schema writer : versions) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                        .as("%s: a reader of one version must read a record written with another", type.getSimpleName())
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }
}
