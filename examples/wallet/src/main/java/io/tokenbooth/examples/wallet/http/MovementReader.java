package io.tokenbooth.examples.wallet.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.tokenbooth.examples.wallet.ledger.IdempotencyKey;
import io.tokenbooth.examples.wallet.ledger.Movement;
import io.tokenbooth.examples.wallet.ledger.MovementKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a money-moving request into a {@link Movement} and its {@link IdempotencyKey}, or a 400/413/415 problem that
 * names what is wrong. The body is a JSON object of at most {@link #MAX_BODY} bytes with exactly {@code amount} (an
 * integer, 1 to {@link Movement#MAX_AMOUNT}) and, for payments only, {@code merchant} (1 to 100 characters, no
 * control characters). Nothing in it names a wallet: the owner comes from the token. Thread-safe.
 */
public final class MovementReader {
    /** The largest body accepted, in bytes. */
    public static final int MAX_BODY = 1024;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public IdempotencyKey key(Context ctx) {
        String header = ctx.header("Idempotency-Key");
        if (header == null) {
            throw Problem.badRequest("the Idempotency-Key header is required on requests that move money");
        }
        try {
            return IdempotencyKey.parse(header);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }

    public Movement movement(Context ctx, MovementKind kind) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw Problem.of(415, "Unsupported Media Type", "invalid_request", "Content-Type must be application/json");
        }
        JsonNode body = parse(bytes(ctx));
        if (!body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        Set<String> allowed = kind == MovementKind.PAYMENT ? Set.of("amount", "merchant") : Set.of("amount");
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw Problem.badRequest("unknown member \"" + shorten(name) + "\"; a " + kind.wire()
                        + " takes " + (kind == MovementKind.PAYMENT ? "amount and merchant" : "amount only"));
            }
        }
        long amount = amount(body.get("amount"));
        String merchant = kind == MovementKind.PAYMENT ? merchant(body.get("merchant")) : null;
        return new Movement(kind, amount, merchant);
    }

    private static long amount(JsonNode n) {
        if (n == null) {
            throw Problem.badRequest("amount is required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw Problem.badRequest("amount must be a whole number of won (minor units), 1 to " + Movement.MAX_AMOUNT);
        }
        long v = n.longValue();
        if (v < 1 || v > Movement.MAX_AMOUNT) {
            throw Problem.badRequest("amount must be between 1 and " + Movement.MAX_AMOUNT);
        }
        return v;
    }

    private static String merchant(JsonNode n) {
        if (n == null) {
            throw Problem.badRequest("merchant is required for a payment");
        }
        if (!n.isTextual()) {
            throw Problem.badRequest("merchant must be a string");
        }
        String v = n.textValue().strip();
        if (v.isEmpty() || v.codePointCount(0, v.length()) > Movement.MAX_MERCHANT) {
            throw Problem.badRequest("merchant must be 1 to " + Movement.MAX_MERCHANT + " characters");
        }
        if (v.codePoints().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest("merchant must not contain control characters");
        }
        return v;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = STRICT.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw Problem.badRequest("the body is empty; send a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the body is not valid JSON");
        } catch (IOException e) {
            throw Problem.badRequest("the body could not be read");
        }
    }

    private static byte[] bytes(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw Problem.badRequest("the body could not be read");
        }
    }

    private static Problem tooLarge() {
        return Problem.of(413, "Content Too Large", "invalid_request", "the body exceeds " + MAX_BODY + " bytes");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
