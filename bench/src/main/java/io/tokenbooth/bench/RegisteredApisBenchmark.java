package io.tokenbooth.bench;

import io.tokenbooth.server.api.Api;
import io.tokenbooth.server.api.ApiStore;
import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.client.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the registered-API lookups add to a token request (issue 7): the three {@link RegisteredApis} calls a
 * {@code client_credentials} grant makes ({@code audienceOf} for a request without {@code resource},
 * {@code mayTarget} for one with it, {@code accessTokenTtl}), with no API registered and with 1,000 (the maximum),
 * on an in-memory store. Compare with {@link TokenSigningBenchmark#mint}, the signature every grant pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RegisteredApisBenchmark {
    @Param({"0", "1000"})
    int apis;

    private RegisteredApis registered;
    private Client client;
    private List<String> scopes;
    private List<String> audience;

    @Setup
    public void setUp() {
        List<Api> all = new ArrayList<>();
        for (int i = 0; i < apis; i++) {
            all.add(new Api("api-" + i, "https://api" + i + ".example.com", List.of("a" + i + ":read", "a" + i + ":write"),
                    i % 2 == 0 ? Optional.of(Duration.ofMinutes(10)) : Optional.empty(), Instant.EPOCH));
        }
        registered = new RegisteredApis(new ApiStore() {
            public void create(Api api) {
            }

            public Optional<Api> find(String name) {
                return Optional.empty();
            }

            public List<Api> list() {
                return all;
            }

            public boolean delete(String name) {
                return false;
            }
        });
        String scope = apis == 0 ? "orders:read" : "a500:read";
        client = new Client("load-cc", "load-cc", Optional.empty(), AuthMethod.CLIENT_SECRET_BASIC, Optional.empty(),
                List.of(), List.of(), Set.of("client_credentials"), Set.of(scope), List.of(), List.of(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH);
        scopes = List.of(scope);
        audience = List.of(apis == 0 ? "https://orders.example.com" : "https://api500.example.com");
    }

    @Benchmark
    public Object withoutResource() {
        Optional<String> aud = registered.audienceOf(scopes);
        return registered.accessTokenTtl(aud.map(List::of).orElse(audience));
    }

    @Benchmark
    public Object withResource() {
        boolean ok = registered.mayTarget(client, audience.get(0));
        return ok ? registered.accessTokenTtl(audience) : null;
    }
}
