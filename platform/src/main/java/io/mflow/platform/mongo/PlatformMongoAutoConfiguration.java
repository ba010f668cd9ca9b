package io.mflow.platform.mongo;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * What every service's store client promises, once: a write counts as done when a majority of the replica set has it
 * in its journal, and a read sees only what a majority has. Every change here is announced through an outbox the
 * write itself carries, and a service decides on what it reads: a write that only the primary had, rolled back when
 * that primary died, would have been announced or decided on all the same. On one server (the embedded store, a
 * single mongod) majority is that server, so nothing changes there.
 *
 * <p>Applied before the connection string, so {@code w}, {@code journal} or {@code readConcernLevel} in
 * {@code MONGODB_URI} still win (docs/scaling.md#cluster-settings).
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
public class PlatformMongoAutoConfiguration {

    @Bean
    MajorityReadsAndWrites majorityReadsAndWrites() {
        return new MajorityReadsAndWrites();
    }

    /** Ordered first: Spring Boot's customizer, which applies the connection string, comes after it. */
    static final class MajorityReadsAndWrites implements MongoClientSettingsBuilderCustomizer, Ordered {

        @Override
        public void customize(com.mongodb.MongoClientSettings.Builder settings) {
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true)).readConcern(ReadConcern.MAJORITY);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
