package io.mflow.task.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.Job;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.User;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/** Jobs, pipelines and users stored before namespaces, versions, revisions and namespace roles existed. */
class DefinitionDocumentsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final MappingMongoConverter CONVERTER = converter();

    private static MappingMongoConverter converter() {
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }

    @Test
    void anOldJobIsVersionV1OfItsNameInTheDefaultNamespace() {
        Document stored = new Document("_id", "job-1").append("name", "build").append("runnerType", "LOCAL")
                .append("runnerSpec", "make").append("params", List.of()).append("createdAt", java.util.Date.from(NOW));

        Job job = CONVERTER.read(JobDocument.class, stored).toDomain();

        assertThat(job.namespace()).isEqualTo("default");
        assertThat(job.version()).isEqualTo("v1");
        assertThat(job.deprecated()).isFalse();
        assertThat(job.reference()).isEqualTo("default/build:v1");
    }

    @Test
    void anOldPipelineIsAtRevision1AndItsTasksNameTheirJobById() {
        Document task = new Document("name", "compile").append("jobId", "job-1").append("jobName", "build")
                .append("params", List.of()).append("ignoreFailed", false).append("skip", false);
        Document stored = new Document("_id", "pl-1").append("name", "ci")
                .append("stages", List.of(new Document("name", "s").append("parallel", false)
                        .append("tasks", List.of(task))))
                .append("createdAt", java.util.Date.from(NOW));

        Pipeline pipeline = CONVERTER.read(PipelineDocument.class, stored).toDomain();

        assertThat(pipeline.revision()).isEqualTo(1);
        assertThat(pipeline.namespace()).isEqualTo("default");
        Pipeline.TaskDefinition definition = pipeline.stages().get(0).tasks().get(0);
        assertThat(definition.jobReference()).isNull();
        assertThat(definition.jobId()).isEqualTo("job-1");
    }

    @Test
    void anOldUserHasNoNamespaceRoles() {
        Document stored = new Document("_id", "vera").append("roles", List.of("VIEWER")).append("disabled", false)
                .append("createdAt", java.util.Date.from(NOW));

        User user = CONVERTER.read(UserDocument.class, stored).toDomain();

        assertThat(user.namespaceRoles()).isEmpty();
    }
}
