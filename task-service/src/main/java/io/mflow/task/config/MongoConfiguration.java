package io.mflow.task.config;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

@Configuration
class MongoConfiguration {

    /** Output names are the user's (KEY=VALUE of a job) and may contain dots, which Mongo keys may not. */
    @Bean
    InitializingBean mapKeysWithDots(MappingMongoConverter converter) {
        return () -> converter.setMapKeyDotReplacement("\uff0e");
    }
}
