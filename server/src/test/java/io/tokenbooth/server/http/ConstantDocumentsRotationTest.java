package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.StoredKey;
import io.tokenbooth.server.testing.RunningServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JWKS answered before Javalin follows the key ring: after a rotation (which reloads the ring) the very next
 * GET and HEAD carry the new set and its length, never the previous body. Raw requests without Content-Type or body,
 * so they take the handler's path. H2 only.
 */
class ConstantDocumentsRotationTest {
    private static final String JWKS = "/.well-known/jwks.json";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private static String answer(String method) throws IOException {
        return WireExchange.exchange(app.server().tokenbooth().port(),
                method + " " + JWKS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static KeyService keys() {
        return app.server().tokenbooth().services().keys;
    }

    private static String ringJwks() {
        return new String(keys().ring().jwksJson(), StandardCharsets.UTF_8);
    }

    @Test
    void jwksWhenKeysRotatedThenNextRequestServesTheNewSet() throws IOException {
        String before = body(answer("GET"));
        assertThat(before).isEqualTo(ringJwks());

        for (int round = 0; round < 2; round++) {
            StoredKey rotated = keys().rotate("ES256", Duration.ZERO);
            String get = answer("GET");
            String head = answer("HEAD");
            String now = ringJwks();
            assertThat(body(get)).isEqualTo(now).contains(rotated.kid()).isNotEqualTo(before);
            String length = "\r\nContent-Length: " + now.getBytes(StandardCharsets.UTF_8).length + "\r\n";
            assertThat(get).contains(length);
            assertThat(head).contains(length);
            assertThat(body(head)).isEmpty();
            before = now;
        }
    }
}
