package io.upsfleet.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one JSON mapping of the wire payloads: ISO-8601 timestamps, unknown fields ignored (a newer
 * producer may add fields within a version), invalid or missing required fields rejected with an
 * {@link InvalidPayloadException} that says why.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("upsfleet-fast-instant")
                    .addDeserializer(Instant.class, new FastInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    public static String toString(Object payload) {
        return new String(toBytes(payload), StandardCharsets.UTF_8);
    }

    public static <T> T parse(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new InvalidPayloadException(type.getSimpleName() + ": empty payload");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidPayloadException(type.getSimpleName() + ": the payload is JSON null, not an object");
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidPayloadException invalid) {
                throw invalid;
            }
            throw new InvalidPayloadException(type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (MismatchedInputException e) {
            // well-formed JSON whose shape does not fit the record (missing version, wrong type of a field)
            throw new InvalidPayloadException(type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidPayloadException(type.getSimpleName() + ": malformed JSON: " + why, e);
        }
    }

    public static <T> T parse(String json, Class<T> type) {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8), type);
    }
}
