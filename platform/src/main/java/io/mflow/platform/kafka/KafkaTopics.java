package io.mflow.platform.kafka;

import java.util.List;

/**
 * The topics a service declares: those it consumes get a dead-letter topic each. Partitions, replicas and
 * {@code min.insync.replicas} are the platform's settings ({@code mflow.kafka.*}, see {@link KafkaProperties}), read
 * only when a topic is created ({@link DeclaredTopics}).
 *
 * @param unsignedAccepted consumed topics that are a public contract, where outsiders (users' jobs and controllers)
 *                         write too: a record there without the engine's MAC ({@link RecordMac}) reaches the listener,
 *                         which must then check the record's own proof; one with a MAC that does not verify is
 *                         dead-lettered all the same. On every other consumed topic a record without a valid MAC is.
 */
public record KafkaTopics(List<String> consumed, List<String> produced, List<String> unsignedAccepted) {

    public KafkaTopics {
        consumed = List.copyOf(consumed);
        produced = List.copyOf(produced);
        unsignedAccepted = List.copyOf(unsignedAccepted);
        for (String topic : unsignedAccepted) {
            if (!consumed.contains(topic)) {
                throw new IllegalArgumentException(topic + " accepts unsigned records but is not consumed here");
            }
        }
    }

    /** Topics of which every record consumed must carry the engine's MAC. */
    public KafkaTopics(List<String> consumed, List<String> produced) {
        this(consumed, produced, List.of());
    }

    /** Where a poison record of a topic goes: {@code <topic>.DLT} (spring-kafka 4's default would be {@code -dlt}). */
    public static String deadLetterTopicOf(String topic) {
        return topic + ".DLT";
    }
}
