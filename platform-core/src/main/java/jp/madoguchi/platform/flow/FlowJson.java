package jp.madoguchi.platform.flow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes flows as JSON. Unknown properties are ignored so a flow published by a newer
 * procedure-service (which may add optional fields) still reads in an older conversation-service.
 */
public final class FlowJson {

    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public FlowDefinition read(byte[] bytes) {
        try {
            return json.readValue(bytes, FlowDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a flow definition: " + e.getMessage(), e);
        }
    }

    public byte[] write(FlowDefinition flow) {
        try {
            return json.writeValueAsBytes(flow);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
