package io.mflow.runner.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the Prometheus alert rules in deploy/ ask only for series mflow exports: every metric
 * they name is in docs/metrics.md (Micrometer's name, as Prometheus spells it), so a renamed metric fails here
 * rather than leaving an empty panel or an alert that can never fire.
 */
class ObservabilityFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path METRICS_DOC = Path.of("..", "docs", "metrics.md");
    /** A series name in PromQL: followed by a selector, a range, or the end of an argument. */
    private static final Pattern SERIES = Pattern.compile("\\b([a-z][a-z0-9_]*)\\s*(?=\\{|\\[|\\)|$|\\s*[<>=!]|\\s+(?:and|or|unless)\\b)");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
            "deriv", "histogram_quantile", "by", "without", "and", "or", "unless", "le", "label_values");
    /** Suffixes Prometheus adds to Micrometer's names: counters, timers, histograms, base units. */
    private static final Pattern SUFFIX = Pattern.compile("(_bucket|_count|_sum|_max|_total)$");

    @Test
    void everyMetricTheDashboardShowsIsDocumented() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DEPLOY.resolve("grafana/mflow.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                expressions.add(target.path("expr").asString())));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(12).allSatisfy(expr -> assertThat(expr).isNotBlank());
        assertThat(String.join("\n", expressions)).as("what the issue asks the dashboard to show")
                .contains("mflow_stage_handoff_seconds_bucket", "mflow_pipeline_task_transitions_total",
                        "mflow_job_task_transitions_total", "kafka_consumer_fetch_manager_records_lag_max",
                        "mflow_outbox_waiting", "mflow_outbox_oldest_age_seconds", "mflow_kafka_dead_letters_total",
                        "mflow_notify_deliveries_total", "mflow_agents_alive");
        assertDocumented(expressions);
    }

    @Test
    void everyAlertIsCompleteAndAsksForDocumentedMetrics() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alerts.yml")));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : list(rules.get("groups"))) {
            assertThat(group.get("name")).as("a group's name").isNotNull();
            alerts.addAll(list(group.get("rules")));
        }
        assertThat(alerts).extracting(alert -> (String) alert.get("alert"))
                .contains("MflowOutboxStuck", "MflowConsumerLagGrowing", "MflowDeadLetters").doesNotHaveDuplicates();
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            assertThat(alert).as(name).containsKeys("expr", "for", "labels", "annotations");
            assertThat(String.valueOf(alert.get("for"))).as(name + " for").matches("\\d+[smh]");
            assertThat(map(alert.get("labels"))).as(name + " labels").containsKey("severity");
            assertThat(map(alert.get("annotations"))).as(name + " annotations").containsKeys("summary", "description");
            expressions.add((String) alert.get("expr"));
        }
        assertDocumented(expressions);
    }

    @Test
    void aMisspelledMetricIsCaught() throws IOException {
        Set<String> documented = documented();
        assertThat(isDocumented("mflow_outbox_oldest_age_seconds", documented)).isTrue();
        assertThat(isDocumented("mflow_outbox_oldest_ages_seconds", documented)).isFalse();
        assertThat(isDocumented("kafka_consumer_fetch_manager_records_lagmax", documented)).isFalse();
        assertThat(seriesIn("max by (application) (mflow_outbox_waiting) > 10 and deriv(x_y[5m]) > 0"))
                .containsExactlyInAnyOrder("mflow_outbox_waiting", "x_y");
    }

    private static void assertDocumented(List<String> expressions) throws IOException {
        Set<String> documented = documented();
        for (String expr : expressions) {
            assertThat(seriesIn(expr)).as(expr).isNotEmpty().allSatisfy(series -> assertThat(
                    isDocumented(series, documented)).as(series + " in docs/metrics.md").isTrue());
        }
    }

    /** Metric names the doc gives in backticks ({@code mflow.outbox.waiting}), as Prometheus spells them. */
    private static Set<String> documented() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher backticked = Pattern.compile("`([a-z]+(?:\\.[a-z0-9]+)+)`").matcher(Files.readString(METRICS_DOC));
        while (backticked.find()) {
            names.add(backticked.group(1).replace('.', '_'));
        }
        return names;
    }

    private static boolean isDocumented(String series, Set<String> documented) {
        String base = SUFFIX.matcher(series).replaceFirst("");
        return documented.contains(series) || documented.contains(base)
                || documented.contains(base.replaceFirst("_seconds$", ""));
    }

    private static Set<String> seriesIn(String expr) {
        String withoutLabels = expr.replaceAll("\\{[^}]*}", "{}").replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "");
        Set<String> series = new LinkedHashSet<>();
        Matcher matcher = SERIES.matcher(withoutLabels);
        while (matcher.find()) {
            if (!PROMQL_WORDS.contains(matcher.group(1))) {
                series.add(matcher.group(1));
            }
        }
        return series;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
