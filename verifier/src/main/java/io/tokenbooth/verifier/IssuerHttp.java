package io.tokenbooth.verifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The verifier's HTTP to its issuer (JDK {@link HttpClient}): GETs with a timeout, a size limit on what it reads,
 * and no redirects followed (a discovery document, a JWKS or a status list is served where it is named). Thread-safe.
 */
final class IssuerHttp {
    /** No discovery document, JWKS or status list of ours comes near this. */
    static final int MAX_BODY = 1 << 20;

    private final HttpClient client;
    private final Duration timeout;

    IssuerHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An answer: status, body (empty for 304) and ETag (or null). */
    record Answer(int status, String body, String etag) {
    }

    /** GET {@code uri}, sending {@code If-None-Match: etag} when it is not null. */
    Answer get(URI uri, String accept, String etag) throws IOException {
        try {
            return getAsync(uri, accept, etag).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    CompletableFuture<Answer> getAsync(URI uri, String accept, String etag) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET();
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
            try (var in = r.body()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    throw new IOException(uri + ": answer larger than " + MAX_BODY + " bytes");
                }
                return new Answer(r.statusCode(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                        r.headers().firstValue("ETag").orElse(null));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof java.io.UncheckedIOException u ? u.getCause() : t instanceof IOException ? t
                : new IOException(t);
    }
}
