package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Stores a collection's documents as BSON, the form they came in on the wire. mongo-java-server leaves them to
 * MVStore's default type, which writes each with Java serialization: a commit spent a third of the store's CPU
 * there, and reading a page back from the file as much again. Values written that way before are still read, and
 * rewritten as BSON the next time their page is written.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /** Never the first byte of a value MVStore's default type wrote: its type tags are 0 to 127. */
    private static final byte BSON = (byte) 0xB5;

    private final ObjectDataType older = new ObjectDataType();

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bson = Unpooled.buffer(512);
        try {
            BsonEncoder.encodeDocument(document, bson);
            buffer.put(BSON).putVarInt(bson.readableBytes()).put(bson.nioBuffer());
        } finally {
            bson.release();
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) older.read(buffer);
        }
        buffer.get();
        int length = org.h2.mvstore.DataUtils.readVarInt(buffer);
        ByteBuffer bson = buffer.slice();
        bson.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /** What a document costs in memory, roughly, for MVStore's cache and page sizes; counted for a sample only. */
    @Override
    public int getMemory(Document document) {
        return 48 + estimate(document);
    }

    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = 48;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 32 + estimate(entry.getKey()) + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            int size = 32;
            for (Object element : list) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof CharSequence text) {
            return 40 + text.length();
        }
        if (value instanceof byte[] bytes) {
            return 16 + bytes.length;
        }
        return 16;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
