package io.mflow.platform.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.BeanUtils;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.ClassUtils;

/**
 * Signs every record a producer writes and checks every record a consumer reads, around their (de)serializers: the
 * one place where a record's key, value and headers are all at hand as the bytes on the wire, whoever sends (the
 * outbox relay, a direct publisher, the dead-letter recoverer) and whatever the listener takes (decoded records or
 * bytes).
 *
 * <p>Kafka serializes (and deserializes) a record's key and then its value, on one thread, passing both the record's
 * one {@link Headers} object; the key's bytes are handed from one to the other through a thread-local slot marked with
 * that object, so a value is never signed or checked with the key of another record. A consumer does not call the key
 * deserializer for a record without a key, which the slot then reads as no key.
 *
 * <p>A record that fails the check is refused the way an undecodable one is: its value is null and it carries
 * spring-kafka's deserialization-exception header (an object only this process can make, never one that came over
 * the wire), so the listener container hands it to the error handler before any listener sees it, and the error
 * handler dead-letters its original bytes at once with the reason. The container must be told to look for that
 * header ({@code ContainerProperties#setCheckDeserExWhenValueNull}), which the platform's container customizer does.
 */
public final class SignedRecords {

    private final RecordMac mac;
    private final Set<String> unsignedAccepted;
    private final ThreadLocal<KeySlot> serializedKeys = ThreadLocal.withInitial(KeySlot::new);
    private final ThreadLocal<KeySlot> deserializedKeys = ThreadLocal.withInitial(KeySlot::new);

    /** @param unsignedAccepted consumed topics where a record without a MAC is let through ({@link KafkaTopics}) */
    public SignedRecords(RecordMac mac, Collection<String> unsignedAccepted) {
        this.mac = mac;
        this.unsignedAccepted = Set.copyOf(unsignedAccepted);
    }

    /** A producer's key serializer, to be paired with {@link #valueSerializer} of this same object. */
    public Serializer<Object> keySerializer(Serializer<?> delegate) {
        return new SigningSerializer(delegate, true);
    }

    /** A producer's value serializer: what it writes carries the MAC of the record, as the last header. */
    public Serializer<Object> valueSerializer(Serializer<?> delegate) {
        return new SigningSerializer(delegate, false);
    }

    /** A consumer's key deserializer, delegating to the class its configuration names ({@code key.deserializer}). */
    public Deserializer<Object> keyDeserializer() {
        return new CheckingDeserializer(null, true);
    }

    /**
     * A consumer's value deserializer, delegating to the class its configuration names ({@code value.deserializer},
     * a listener's own override included), once the record's MAC verified.
     */
    public Deserializer<Object> valueDeserializer() {
        return new CheckingDeserializer(null, false);
    }

    public Deserializer<Object> keyDeserializer(Deserializer<?> delegate) {
        return new CheckingDeserializer(delegate, true);
    }

    public Deserializer<Object> valueDeserializer(Deserializer<?> delegate) {
        return new CheckingDeserializer(delegate, false);
    }

    /** Why the record is refused, or null when it may be read. */
    String refusal(String topic, byte[] key, byte[] value, Headers headers) {
        RecordMac.Verdict verdict = mac.check(topic, key, value, headers);
        if (verdict == RecordMac.Verdict.VALID
                || (verdict == RecordMac.Verdict.MISSING && unsignedAccepted.contains(topic))) {
            return null;
        }
        return verdict.reason();
    }

    /** The key bytes of the record being (de)serialized on this thread, marked with the record's headers. */
    private static final class KeySlot {
        private Headers headers;
        private byte[] key;

        void put(Headers of, byte[] bytes) {
            headers = of;
            key = bytes;
        }

        /** The key put for these headers (and forgets it); {@code seen} false when none was. */
        byte[] take(Headers of, boolean[] seen) {
            seen[0] = headers == of;
            byte[] taken = seen[0] ? key : null;
            headers = null;
            key = null;
            return taken;
        }
    }

    private final class SigningSerializer implements Serializer<Object> {
        private final Serializer<Object> delegate;
        private final boolean isKey;

        @SuppressWarnings("unchecked")
        SigningSerializer(Serializer<?> delegate, boolean isKey) {
            this.delegate = (Serializer<Object>) delegate;
            this.isKey = isKey;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            delegate.configure(configs, isKey);
        }

        @Override
        public byte[] serialize(String topic, Object data) {
            throw new SerializationException("a record of the engine is serialized with its headers, to be signed");
        }

        @Override
        public byte[] serialize(String topic, Headers headers, Object data) {
            byte[] bytes = delegate.serialize(topic, headers, data);
            KeySlot slot = serializedKeys.get();
            if (isKey) {
                slot.put(headers, bytes);
            } else {
                boolean[] seen = new boolean[1];
                byte[] key = slot.take(headers, seen);
                if (!seen[0]) {
                    throw new SerializationException("the record's key did not go through the signing key serializer");
                }
                mac.sign(topic, key, bytes, headers);
            }
            return bytes;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private final class CheckingDeserializer implements Deserializer<Object> {
        private Deserializer<Object> delegate;
        private final boolean isKey;

        @SuppressWarnings("unchecked")
        CheckingDeserializer(Deserializer<?> delegate, boolean isKey) {
            this.delegate = (Deserializer<Object>) delegate;
            this.isKey = isKey;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void configure(Map<String, ?> configs, boolean isKey) {
            if (delegate == null) {
                String name = isKey ? ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG
                        : ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG;
                delegate = (Deserializer<Object>) BeanUtils.instantiateClass(classOf(configs.get(name), name));
            }
            delegate.configure(configs, isKey);
        }

        private static Class<?> classOf(Object configured, String name) {
            if (configured instanceof Class<?> type) {
                return type;
            }
            if (configured instanceof String type && !type.isBlank()) {
                try {
                    return ClassUtils.forName(type.trim(), SignedRecords.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new ConfigException(name, type, "no such class");
                }
            }
            throw new ConfigException(name, configured, "a consumer needs a deserializer to check and delegate to");
        }

        @Override
        public Object deserialize(String topic, byte[] data) {
            return deserialize(topic, new RecordHeaders(), data); // no headers, no MAC: refused unless allowed
        }

        @Override
        public Object deserialize(String topic, Headers headers, byte[] data) {
            if (isKey) {
                deserializedKeys.get().put(headers, data);
                return delegate.deserialize(topic, headers, data);
            }
            byte[] key = deserializedKeys.get().take(headers, new boolean[1]);
            String refusal = refusal(topic, key, data, headers);
            if (refusal != null) {
                SerializationUtils.deserializationException(headers, data, new InvalidRecordException(refusal), false);
                return null;
            }
            return delegate.deserialize(topic, headers, data);
        }

        @Override
        public void close() {
            if (delegate != null) {
                delegate.close();
            }
        }
    }
}
