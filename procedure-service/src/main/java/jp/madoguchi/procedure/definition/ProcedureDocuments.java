package jp.madoguchi.procedure.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes {@link ProcedureDocument}s as YAML (export, templates) or JSON. Reading is strict:
 * a misspelt key in an imported file is reported, not silently dropped.
 */
public final class ProcedureDocuments {

    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            // "type: message", as staff write it, not YAML tags like !<message>
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ProcedureDocuments() {
    }

    public static String toYaml(ProcedureDocument document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJson(ProcedureDocument document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws UnreadableDocument with a message saying where the file is wrong */
    public static ProcedureDocument fromYaml(byte[] yaml) {
        return read(YAML, yaml, "YAML");
    }

    /** @throws UnreadableDocument with a message saying where the body is wrong */
    public static ProcedureDocument fromJson(byte[] json) {
        return read(JSON, json, "JSON");
    }

    private static ProcedureDocument read(ObjectMapper mapper, byte[] bytes, String format) {
        try {
            ProcedureDocument document = mapper.readValue(bytes, ProcedureDocument.class);
            if (document == null) {
                throw new UnreadableDocument("the " + format + " document is empty");
            }
            return document;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new UnreadableDocument("not a procedure " + format + " document at " + e.getPathReference().replace("jp.madoguchi.", "")
                    + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new UnreadableDocument("not a procedure " + format + " document: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document that cannot be read as a procedure; the message says why, for a 400. */
    public static class UnreadableDocument extends IllegalArgumentException {
        public UnreadableDocument(String message) {
            super(message);
        }
    }
}
