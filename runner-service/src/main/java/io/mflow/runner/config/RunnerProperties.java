package io.mflow.runner.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything runner-service reads under {@code mflow.}.
 *
 * @param secretKey base64 of the 32-byte key that opens sealed params and tokens ({@code MFLOW_SECRET_KEY})
 * @param runner the LOCAL runner
 */
@ConfigurationProperties("mflow")
public record RunnerProperties(String secretKey, @DefaultValue Runner runner) {

    /**
     * @param workDir where each attempt gets its work dir
     * @param startTimeout how long a started wrapper may take to write its pid
     * @param killGrace between SIGTERM and SIGKILL on cancel
     * @param lostGrace how long recovery waits before calling a claimed attempt without a process lost
     * @param host the machine's name in each report's runner ({@code LOCAL@<host>}); unset: the host name
     * @param logInterval how often running jobs' new output is published
     */
    public record Runner(
            @DefaultValue("./data/runner") Path workDir,
            @DefaultValue("10s") Duration startTimeout,
            @DefaultValue("3s") Duration killGrace,
            @DefaultValue("2s") Duration lostGrace,
            String host,
            @DefaultValue("250ms") Duration logInterval) {

        public String hostOrLocalName() {
            if (host != null && !host.isBlank()) {
                return host;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
