package io.mflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every service's store client writes to a majority's journal and reads what a majority has, unless its connection
 * string says otherwise; and a single server that knows no replica set (the embedded store) takes both.
 */
class MajorityReadsAndWritesTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri = server.bindAndGetConnectionString();
    private final ApplicationContextRunner services = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MongoAutoConfiguration.class, PlatformMongoAutoConfiguration.class));

    @AfterEach
    void stop() {
        server.shutdown();
    }

    @Test
    void aServiceWritesToAMajoritysJournalAndReadsWhatAMajorityHas() {
        services.withPropertyValues("spring.mongodb.uri=" + uri).run(context -> {
            MongoDatabase store = context.getBean(MongoClient.class).getDatabase("mflow-test");

            assertThat(store.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true));
            assertThat(store.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
        });
    }

    @Test
    void theConnectionStringStillHasTheLastWord() {
        services.withPropertyValues("spring.mongodb.uri=" + uri + "/?w=1&readConcernLevel=local").run(context -> {
            MongoDatabase store = context.getBean(MongoClient.class).getDatabase("mflow-test");

            assertThat(store.getWriteConcern().getWObject()).isEqualTo(1);
            assertThat(store.getReadConcern()).isEqualTo(ReadConcern.LOCAL);
        });
    }

    @Test
    void aSingleServerTakesMajorityWritesAndReadsAsTheGuardedUpdatesMakeThem() {
        services.withPropertyValues("spring.mongodb.uri=" + uri).run(context -> {
            var runs = context.getBean(MongoClient.class).getDatabase("mflow-test").getCollection("runs");
            runs.insertOne(new Document("_id", "run-1").append("version", 1));

            var updated = runs.updateOne(Filters.and(Filters.eq("_id", "run-1"), Filters.eq("version", 1)),
                    Updates.set("version", 2));

            assertThat(updated.getModifiedCount()).isEqualTo(1);
            assertThat(runs.find(Filters.eq("_id", "run-1")).first()).containsEntry("version", 2);
        });
    }
}
