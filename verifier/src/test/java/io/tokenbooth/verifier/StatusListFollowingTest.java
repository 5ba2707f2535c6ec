package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenbooth.verifier.TokenRejectedException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StatusListFollowingTest extends FakeIssuerTestBase {
    ResourceServerVerifier verifier(Duration poll, Duration maxStale) {
        verifier = ResourceServerVerifier.builder(issuer.issuer).audience(AUD).statusPollInterval(poll)
                .maxStatusStaleness(maxStale).build();
        return verifier;
    }

    String token(String list, int idx) throws Exception {
        return issuer.sign(issuer.claims(AUD, list, idx).build());
    }

    static TokenRejectedException refusal(ResourceServerVerifier v, String token) {
        try {
            v.verify(token);
        } catch (TokenRejectedException e) {
            return e;
        }
        return null;
    }

    @Test
    void aSetBitRefusesTheTokenAndOnlyThatOne() throws Exception {
        issuer.revoke("1", 5);
        ResourceServerVerifier v = verifier(Duration.ofSeconds(1), Duration.ofSeconds(30));
        TokenRejectedException e = refusal(v, token("1", 5));
        assertThat(e.reason()).isEqualTo(Reason.REVOKED);
        assertThat(e.errorCode()).isEqualTo("invalid_token");
        assertThat(e.description()).isEqualTo("the access token has been revoked");
        assertThat(refusal(v, token("1", 4))).isNull();
        assertThat(refusal(v, token("1", 6))).isNull();
        assertThat(refusal(v, token("1", 64)).reason()).isEqualTo(Reason.STATUS_UNKNOWN); // out of range
    }

    @Test
    void aRevocationReachesASeenTokenByPollingWithIfNoneMatch() throws Exception {
        ResourceServerVerifier v = verifier(Duration.ofMillis(100), Duration.ofSeconds(30));
        String token = token("1", 9);
        v.verify(token);
        v.verify(token); // cached: the status is still checked on every hit
        await().atMost(Duration.ofSeconds(5)).until(() -> issuer.notModified.get() >= 2);
        assertThat(issuer.listIfNoneMatch).anyMatch(h -> h.startsWith("\""));
        issuer.revoke("1", 9);
        await().atMost(Duration.ofSeconds(5)).until(() -> refusal(v, token) != null);
        assertThat(refusal(v, token).reason()).isEqualTo(Reason.REVOKED);
    }

    @Test
    void anUnreachableIssuerMakesTheStatusStaleThenFailsClosedAtTheLimit() throws Exception {
        ResourceServerVerifier v = verifier(Duration.ofMillis(100), Duration.ofSeconds(2));
        String token = token("1", 2);
        v.verify(token);
        issuer.down = true;
        int fetched = issuer.listFetches.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> issuer.listFetches.get() > fetched + 2);
        assertThat(refusal(v, token)).isNull(); // signatures still verify with the keys it has; status not too old
        await().atMost(Duration.ofSeconds(10)).until(() -> refusal(v, token) != null);
        TokenRejectedException e = refusal(v, token);
        assertThat(e.reason()).isEqualTo(Reason.STATUS_UNKNOWN);
        assertThat(e.description()).contains("last confirmed").contains("limit 2 s");
        assertThat(v.statusStaleness()).isGreaterThan(Duration.ofSeconds(2));
        issuer.down = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> refusal(v, token) == null);
        assertThat(v.statusStaleness()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aMalformedStatusListTokenIsStaleDataNeverValid() throws Exception {
        ResourceServerVerifier v = verifier(Duration.ofMillis(100), Duration.ofSeconds(2));
        issuer.listTamper = t -> "not.a.jwt";
        assertThat(refusal(v, token("1", 1)).reason()).isEqualTo(Reason.STATUS_UNKNOWN); // never seen valid

        issuer.list("2", 8);
        issuer.listTamper = null;
        String token = token("2", 1);
        v.verify(token);
        // Signed by a key the issuer does not publish, then with a wrong sub: both as good as unreachable.
        FakeIssuer other = new FakeIssuer();
        try {
            other.list("2", 8);
            String foreign = other.statusListToken(issuer.listUri("2"), new byte[1]);
            String wrongSub = issuer.statusListToken(issuer.listUri("1"), new byte[1]);
            for (String bad : List.of(foreign, wrongSub)) {
                // Tamper first: a poll between the two would otherwise fetch the genuine list and see the bit set.
                issuer.listTamper = t -> bad;
                issuer.revoke("2", 1); // changes the ETag, so the poll gets a 200 with the bad token
                await().atMost(Duration.ofSeconds(10)).until(() -> refusal(v, token) != null);
                assertThat(refusal(v, token).reason()).isEqualTo(Reason.STATUS_UNKNOWN);
                issuer.list("2", 8);
                issuer.listTamper = null;
                await().atMost(Duration.ofSeconds(5)).until(() -> refusal(v, token) == null);
            }
        } finally {
            other.close();
        }
    }

    @Test
    void aListNotUnderTheIssuerIsRefusedWithoutFetching() throws Exception {
        ResourceServerVerifier v = verifier(Duration.ofSeconds(1), Duration.ofSeconds(30));
        for (String uri : List.of("http://127.0.0.1:1/statuslists/1", issuer.issuer + "/statuslists/../jwks",
                issuer.issuer + "/statuslists/1?x=1", issuer.issuer + "/", issuer.issuer + "x/statuslists/1",
                "http://user@" + issuer.issuer.substring(7) + "/statuslists/1")) {
            String token = issuer.sign(issuer.claims(AUD).claim("status",
                    Map.of("status_list", Map.of("idx", 1, "uri", uri))).build());
            TokenRejectedException e = refusal(v, token);
            assertThat(e).as(uri).isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.STATUS_UNKNOWN);
        }
        String badIdx = issuer.sign(issuer.claims(AUD).claim("status",
                Map.of("status_list", Map.of("idx", -1, "uri", issuer.listUri("1")))).build());
        assertThat(refusal(v, badIdx).reason()).isEqualTo(Reason.STATUS_UNKNOWN);
        assertThat(issuer.listFetches.get()).isZero();
    }

    @Test
    void firstSightingsShareOneFetchAndTheFollowedListsAreBounded() throws Exception {
        verifier = ResourceServerVerifier.builder(issuer.issuer).audience(AUD)
                .statusPollInterval(Duration.ofHours(1)).maxFollowedLists(2).build();
        ResourceServerVerifier v = verifier;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<TokenRejectedException>> all = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String t = token("1", i);
                all.add(pool.submit(() -> refusal(v, t)));
            }
            for (Future<TokenRejectedException> f : all) {
                assertThat(f.get()).isNull();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(issuer.listFetches.get()).isEqualTo(1);
        for (int i = 2; i <= 6; i++) {
            issuer.list(String.valueOf(i), 8);
            v.verify(token(String.valueOf(i), 1));
            assertThat(v.followedLists()).isLessThanOrEqualTo(2);
        }
    }
}
