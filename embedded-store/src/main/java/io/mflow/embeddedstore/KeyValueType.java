package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The keys of a unique index, ordered by their values. MVStore's default type cannot compare them (KeyValue is not
 * Comparable), so it serialized both keys of every comparison and compared the bytes: each look into the {@code _id}
 * index (every find, update and insert) serialized a few dozen keys. Stored as before.
 */
final class KeyValueType extends BasicDataType<Object> {

    private static final ValueComparator VALUES = ValueComparator.asc();

    private final ObjectDataType stored = new ObjectDataType();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int common = Math.min(left.size(), right.size());
            for (int i = 0; i < common; i++) {
                int order = VALUES.compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }
        return stored.compare(a, b);
    }

    @Override
    public int getMemory(Object key) {
        return stored.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, Object key) {
        stored.write(buffer, key);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        return stored.read(buffer);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
