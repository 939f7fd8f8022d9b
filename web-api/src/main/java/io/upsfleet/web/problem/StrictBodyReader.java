package io.upsfleet.web.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * Reads a request body with Jackson's own deserializers and the strict rules of {@link StrictJsonCustomizer}.
 * For {@code @CustomDeserialization} on resource methods whose body must be checked field by field: the
 * deserializers Quarkus generates at build time (quarkus.rest.jackson.optimization.enable-reflection-free-serializers,
 * kept for the cheaper responses) ignore unknown fields and report errors without the field's name.
 */
public class StrictBodyReader implements BiFunction<ObjectMapper, Type, ObjectReader> {

    private static final ObjectMapper MAPPER = StrictJsonCustomizer.strict(new ObjectMapper());

    @Override
    public ObjectReader apply(ObjectMapper quarkusMapper, Type type) {
        return MAPPER.readerFor(MAPPER.constructType(type));
    }
}
