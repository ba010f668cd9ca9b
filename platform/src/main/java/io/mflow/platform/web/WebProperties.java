package io.mflow.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code mflow.web.*}.
 *
 * @param maxRequestBody the largest request body a service reads; a larger one is answered 413 before anything
 *                       parses it. {@code 1MB} is 1 MiB: Spring's data sizes count in powers of two
 */
@ConfigurationProperties("mflow.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxRequestBody) {
}
