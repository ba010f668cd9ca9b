package io.mflow.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the topics a service declares that do not exist yet, and never touches one that does. spring-kafka's
 * {@code KafkaAdmin} adds partitions to an existing topic declared with more, which would remap every run's key
 * (murmur2 of the key mod the partition count) to another partition while its earlier records sit in the old one: a
 * run's events would be read out of order, and by another consumer than the one that remembers the run. So a topic
 * that exists with another count is left as it is, with a warning that says how to move instead
 * (docs/scaling.md#partitions). Its replication factor and configs are left alone too: changing those is an
 * operator's step, and a service's principal may not even describe a topic's configs.
 *
 * <p>Runs once the beans are made, before any listener starts, as {@code KafkaAdmin}'s creation did. Two replicas
 * starting together may both try to create a topic; the second one's "exists" is no failure. A broker away at start
 * is logged and the service starts all the same (as {@code KafkaAdmin} does without fail-fast): the broker's own
 * defaults then make a topic a consumer subscribes to, which docker-compose sets to the same values.
 */
public final class DeclaredTopics implements SmartInitializingSingleton {

    static final String SCALING_DOC = "docs/scaling.md#partitions";
    private static final Logger log = LoggerFactory.getLogger(DeclaredTopics.class);

    private final Supplier<Admin> admins;
    private final List<NewTopic> declared;
    private final Duration timeout;

    public DeclaredTopics(Supplier<Admin> admins, List<NewTopic> declared, Duration timeout) {
        this.admins = admins;
        this.declared = List.copyOf(declared);
        this.timeout = timeout;
    }

    /** Every topic a service's declarations name (each consumed one with its dead-letter topic), as it is created. */
    public static List<NewTopic> of(Collection<KafkaTopics> declarations, KafkaProperties properties) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (KafkaTopics declared : declarations) {
            declared.produced().forEach(name -> partitions.putIfAbsent(name, properties.partitionsOf(name)));
            declared.consumed().forEach(name -> {
                partitions.putIfAbsent(name, properties.partitionsOf(name));
                // a topic's dead letters follow its count unless named on their own
                String deadLetters = KafkaTopics.deadLetterTopicOf(name);
                partitions.putIfAbsent(deadLetters, properties.topics().containsKey(deadLetters)
                        ? properties.partitionsOf(deadLetters) : properties.partitionsOf(name));
            });
        }
        Map<String, String> configs = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                String.valueOf(properties.minInsyncReplicas()));
        return partitions.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), properties.topicReplicas()).configs(configs))
                .toList();
    }

    public List<NewTopic> declared() {
        return declared;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (declared.isEmpty()) {
            return;
        }
        try (Admin admin = admins.get()) {
            createMissing(admin);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.error("could not check or create the topics {}: the broker's defaults will make those a consumer "
                    + "subscribes to", declared.stream().map(NewTopic::name).toList(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createMissing(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(declared.stream().map(NewTopic::name).toList()).topicNameValues();
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : declared) {
            TopicDescription existing = existing(described.get(topic.name()));
            if (existing == null) {
                missing.add(topic);
            } else if (existing.partitions().size() != topic.numPartitions()) {
                log.warn("topic {} exists with {} partitions, not the {} configured: left as it is, since adding "
                                + "partitions to a live topic would move runs to other partitions and break their "
                                + "order; to change the count, migrate as {} says", topic.name(),
                        existing.partitions().size(), topic.numPartitions(), SCALING_DOC);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<Void>> created = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
            try {
                created.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("created topic {} with {} partitions, replication factor {}, {}", topic.name(),
                        topic.numPartitions(), topic.replicationFactor(), topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // another replica created it in between: whatever count it chose, it is the topic now
            }
        }
    }

    private TopicDescription existing(KafkaFuture<TopicDescription> description)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return description.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
