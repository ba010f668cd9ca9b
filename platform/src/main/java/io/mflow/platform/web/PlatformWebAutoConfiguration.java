package io.mflow.platform.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * What every service's HTTP side gets: request bodies bounded by {@code mflow.web.max-request-body}, a refusal of
 * the bodies Spring MVC would fail on ({@link ReadableBody}), and a problem document for what is refused before
 * Spring MVC sees a request (Spring Security's firewall, the error page, Tomcat itself).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebProperties.class)
public class PlatformWebAutoConfiguration {

    /**
     * Ahead of Spring Security's chain (-100), so an oversized body is refused before any token is checked and
     * before anything reads it; after Boot's character encoding and observation filters, which read no body.
     */
    public static final int REQUEST_BODY_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    @ConditionalOnMissingBean(name = "requestBodyLimit")
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(WebProperties properties) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(properties.maxRequestBody().toBytes()));
        registration.setOrder(REQUEST_BODY_LIMIT_ORDER);
        return registration;
    }

    /** Behind Spring Security's chain (-100): a request it refuses costs no look-up of its run. */
    public static final int RUN_IN_REQUEST_LOGS_ORDER = -100 + 10;

    @Bean
    @ConditionalOnMissingBean(name = "runInRequestLogs")
    FilterRegistrationBean<RunInRequestLogs> runInRequestLogs(ObjectProvider<RunOfRequest> runOf) {
        FilterRegistrationBean<RunInRequestLogs> registration =
                new FilterRegistrationBean<>(new RunInRequestLogs(runOf.getIfAvailable(() -> RunOfRequest.NONE)));
        registration.setOrder(RUN_IN_REQUEST_LOGS_ORDER);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(name = "readableBody")
    FilterRegistrationBean<ReadableBody> readableBody() {
        FilterRegistrationBean<ReadableBody> registration =
                new FilterRegistrationBean<>(new ReadableBody());
        registration.setOrder(REQUEST_BODY_LIMIT_ORDER + 1);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ConcurrentChangeProblem concurrentChangeProblem() {
        return new ConcurrentChangeProblem();
    }

    /** Replaces Spring Boot's error controller, whose JSON is not a problem document. */
    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** A URL Spring Security's firewall refuses ({@code //}, an encoded slash, {@code ..}) is the caller's mistake. */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> {
            if (!response.isCommitted()) {
                response.resetBuffer();
                Problems.write(response, HttpStatus.BAD_REQUEST, "INVALID", rejected.getMessage());
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tomcat.class)
    static class TomcatErrorReport {

        /** After Spring Boot's own customizer (order 0), which puts in the HTML report this replaces. */
        @Bean
        @ConditionalOnMissingBean(name = "problemReportValve")
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReportValve() {
            return factory -> factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
                host.getPipeline().addValve(new ProblemReportValve());
            });
        }
    }
}
