package io.tokenbooth.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.tokenbooth.server.oauth.OAuthException;
import java.util.stream.Collectors;

/**
 * Strict JSON for request bodies: unknown or duplicate fields, wrong types (no coercion between strings, numbers and
 * booleans), trailing content and non-object bodies are refused with {@code invalid_request} naming the field.
 * Thread-safe.
 *
 * <p>Jackson's parsers and generators borrow their buffers (~10 KB each) from a bounded shared pool of
 * {@value #RECYCLED_BUFFERS}, not from Jackson's default per-thread one: every request runs on a new virtual thread,
 * so a per-thread pool never hands the same buffers out twice, and each JSON read or write allocated them afresh
 * (issue 11 profiles: three quarters of the bytes a client_credentials request allocated).
 */
public final class Json {
    /** Buffer sets kept for reuse; a burst needing more allocates the rest, which are then dropped. */
    static final int RECYCLED_BUFFERS = 64;
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFERS)).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(16 * 1024).maxNumberLength(32).build());
        MAPPER.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Array, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Object, CoercionAction.Fail);
    }

    private Json() {
    }

    /** Parses {@code body} (a JSON object) into {@code type}, or fails with a 400 naming what is wrong. */
    public static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw OAuthException.invalidRequest("the request body must be a JSON object");
        }
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw OAuthException.invalidRequest("the request body must be a JSON object");
            }
            return MAPPER.readValue(parser, type);
        } catch (UnrecognizedPropertyException e) {
            throw OAuthException.invalidRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw OAuthException.invalidRequest(field.isEmpty()
                    ? "the request body does not have the expected shape"
                    : "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field")) {
                throw OAuthException.invalidRequest(msg.replace('"', '\'').split("\n")[0].toLowerCase(java.util.Locale.ROOT));
            }
            throw OAuthException.invalidRequest("the request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw OAuthException.invalidRequest("the request body could not be read");
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
