package io.mflow.schemas.serde;

import java.util.Map;

/**
 * A contract record ready to send: its value's bytes and the headers that go with it ({@code mflow-type} and the
 * CloudEvents attributes), so whoever stores it for later sends it exactly as it was encoded.
 */
public record EncodedRecord(byte[] value, Map<String, String> headers) {

    public EncodedRecord {
        headers = Map.copyOf(headers);
    }
}
