package io.mflow.task.config;

import io.mflow.task.adapter.file.AdminTokenFile;
import io.mflow.task.app.ApiTokens;
import io.mflow.task.app.AuthenticateApiToken;
import io.mflow.task.app.ChangeUser;
import io.mflow.task.app.CreateFirstAdmin;
import io.mflow.task.app.CreateUser;
import io.mflow.task.app.IssueApiToken;
import io.mflow.task.app.RevokeApiToken;
import io.mflow.task.app.Users;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Users and their API tokens: task-service is where mflow keeps who may call it. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    CreateUser createUser(Users users, Clock clock) {
        return new CreateUser(users, clock);
    }

    @Bean
    ChangeUser changeUser(Users users) {
        return new ChangeUser(users);
    }

    /**
     * The cap is runner-service's own setting, read here too, so one {@code MFLOW_RUNNER_AGENTS_MAX_CONCURRENCY} sets
     * both and no binding promises an agent more than runner-service would let it hold.
     */
    @Bean
    IssueApiToken issueApiToken(Users users, ApiTokens tokens, Clock clock,
                                @Value("${mflow.runner.agents.max-concurrency:16}") int agentConcurrencyCap) {
        return new IssueApiToken(users, tokens, clock, agentConcurrencyCap);
    }

    @Bean
    RevokeApiToken revokeApiToken(ApiTokens tokens) {
        return new RevokeApiToken(tokens);
    }

    @Bean
    AuthenticateApiToken authenticateApiToken(Users users, ApiTokens tokens, Clock clock) {
        return new AuthenticateApiToken(users, tokens, clock);
    }

    @Bean
    CreateFirstAdmin createFirstAdmin(Users users, ApiTokens tokens, IssueApiToken issueApiToken, Clock clock) {
        return new CreateFirstAdmin(users, tokens, issueApiToken, clock);
    }

    /**
     * Runs before the web server starts, so once health answers UP the admin exists and its token file is written.
     * The token is never logged; the file's path is.
     */
    @Bean
    SmartInitializingSingleton firstAdminOnFirstStart(CreateFirstAdmin createFirstAdmin,
                                                      TaskServiceProperties properties) {
        return () -> createFirstAdmin.ifNobodyExists(Optional.ofNullable(properties.adminToken())).ifPresent(issued -> {
            if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
                log.info("first start: created user 'admin' with the token given in MFLOW_ADMIN_TOKEN");
            } else if (AdminTokenFile.writeOnce(properties.adminTokenFile(), issued.value())) {
                log.info("first start: created user 'admin'; its API token is in {}",
                        properties.adminTokenFile().toAbsolutePath());
            } else {
                log.warn("first start: created user 'admin', but {} exists already and was left as it is",
                        properties.adminTokenFile().toAbsolutePath());
            }
        });
    }
}
