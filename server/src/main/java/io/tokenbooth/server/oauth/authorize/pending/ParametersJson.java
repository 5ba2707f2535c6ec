package io.tokenbooth.server.oauth.authorize.pending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pending request's parameters as stored: a JSON object of name to list of values, at most {@link #MAX_CHARS}. */
final class ParametersJson {
    /** The size of the {@code parameters} column. */
    static final int MAX_CHARS = 65_535;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> TYPE = new TypeReference<>() {
    };

    private ParametersJson() {
    }

    static String encode(Map<String, List<String>> parameters) {
        try {
            return JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, List<String>> decode(String json) {
        try {
            return JSON.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt pending_authorizations.parameters: " + e.getOriginalMessage());
        }
    }
}
