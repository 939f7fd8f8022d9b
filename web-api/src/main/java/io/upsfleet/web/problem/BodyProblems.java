package io.upsfleet.web.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns what is wrong with a JSON request body into a 400 whose {@code parameter} names the field at
 * fault ({@code body} when it is the body as a whole): Jackson's reading errors and Bean Validation's
 * violations.
 */
public final class BodyProblems {

    public static final String BODY = "body";

    private BodyProblems() {
    }

    /** Whatever Jackson could not read in a request body. */
    public static ProblemException of(JacksonException e) {
        if (e instanceof MismatchedInputException mismatched) {
            return mismatched(mismatched);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = field(mapping.getPath());
            Throwable cause = mapping.getCause() != null ? mapping.getCause() : mapping;
            String why = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
            return ProblemException.badParameter(field, field + " cannot be read: " + firstLine(why));
        }
        if (e instanceof StreamReadException unreadable) {
            return unreadable(unreadable);
        }
        return ProblemException.badParameter(BODY, "the body cannot be read: " + firstLine(e.getOriginalMessage()));
    }

    /** The body is not JSON at all, or a number in it does not fit its field. */
    private static ProblemException unreadable(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        String field = parser == null || parser.getParsingContext() == null ? null : parser.getParsingContext().getCurrentName();
        if (e instanceof InputCoercionException && field != null) {
            return ProblemException.badParameter(field, field + " is out of range: " + firstLine(e.getOriginalMessage()));
        }
        return ProblemException.badParameter(BODY, "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }

    /** The body is JSON but not of the expected shape: unknown field, wrong type, unknown enum name. */
    private static ProblemException mismatched(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            return ProblemException.badParameter(field, "unknown field '" + field + "'; known: "
                    + new TreeSet<>(unknown.getKnownPropertyIds().stream().map(String::valueOf).toList()));
        }
        String field = field(e.getPath());
        Class<?> target = e.getTargetType();
        if (field.equals(BODY)) {
            return ProblemException.badParameter(BODY, "the body must be a JSON object of the documented fields");
        }
        if (target != null && target.isEnum()) {
            Object value = e instanceof InvalidFormatException invalid ? invalid.getValue() : null;
            return ProblemException.badParameter(field, field + " must be one of " + Arrays.toString(target.getEnumConstants())
                    + (value == null ? "" : " but was '" + value + "'"));
        }
        return ProblemException.badParameter(field, field + " must be " + kind(target));
    }

    /**
     * Bean Validation's verdict. Several violations are all told in {@code detail}; {@code parameter} names
     * the first by path, so the answer is the same every time.
     */
    public static ProblemException invalid(Set<? extends ConstraintViolation<?>> violations) {
        List<? extends ConstraintViolation<?>> sorted = violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).toList();
        String detail = sorted.stream().map(ConstraintViolation::getMessage).collect(Collectors.joining("; "));
        return ProblemException.badParameter(sorted.isEmpty() ? BODY : leaf(sorted.get(0).getPropertyPath()), detail);
    }

    /** Whether a violation is about what a method returned (a bug, not a bad request). */
    public static boolean aboutReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** The field a violation is about, or the parameter (the body itself, when it is missing). */
    private static String leaf(Path path) {
        Path.Node last = null;
        for (Path.Node node : path) {
            last = node;
        }
        return last == null || last.getName() == null ? BODY : last.getName();
    }

    /** {@code a.b} for a nested field, {@code body} for the document itself. */
    private static String field(List<JsonMappingException.Reference> path) {
        String joined = path.stream().map(JsonMappingException.Reference::getFieldName).filter(n -> n != null)
                .collect(Collectors.joining("."));
        return joined.isEmpty() ? BODY : joined;
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a JSON value of type " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl > 0 ? message.substring(0, nl) : message;
    }
}
