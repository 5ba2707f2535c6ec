package io.tokenbooth.server.token.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Sql;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code status-list.*} settings (issue 7): the served token and headers follow them, and changing the window,
 * block size or capacity between runs on one database never hands an index out twice nor shortens a published list's
 * life. Allocators here run on the server's own database (the real {@link JdbcStatusListStore}) at a date of their
 * own, as restarts with other settings would.
 */
class StatusListSettingsTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("status-list.ttl", "5s")
            .set("status-list.lifetime", "20m")
            .set("status-list.block-size", "64")
            .set("status-list.capacity", "65536");

    /** The longest access-token lifetime the allocators below assume. */
    private static final Duration LONGEST = Duration.ofMinutes(10);

    @Test
    void listWhenSettingsGivenThenTokenClaimsHeadersAndBlockFollowThem() throws Exception {
        OAuthTestKit kit = new OAuthTestKit(app.server());
        RegisteredClient cc = kit.client("cc").grants("client_credentials").register();
        TokenStatusListContract.Ref ref = TokenStatusListContract.ref(
                kit.token(cc, "grant_type", "client_credentials").text("access_token"));
        String path = ref.uri().substring(ref.uri().indexOf("/statuslists/"));
        TestServer.Response r = app.server().get(path);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).hasValue("public, max-age=5");
        JWTClaimsSet claims = SignedJWT.parse(r.body()).getJWTClaimsSet();
        assertThat(((Number) claims.getClaim("ttl")).longValue()).isEqualTo(5);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(app.server().get("/statuslists").header("Cache-Control")).hasValue("public, max-age=5");
        long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        var services = app.server().tokenbooth().services();
        services.statusLists.refresh();
        assertThat(services.statusLists.list(id).orElseThrow().size()).as("indices reserved: one block of 64")
                .isEqualTo(64);
    }

    @Test
    void windowWhenChangedBetweenRunsThenNoIndexTwiceAndNoListOutlivedByItsTokens() {
        Database db = app.server().tokenbooth().services().database;
        JdbcStatusListStore store = new JdbcStatusListStore(db);
        // A date of its own, five minutes into an hour: the 1 h window and a 10 min window start at the same instant.
        Instant hour = Instant.parse("2031-03-04T05:00:00Z");
        MutableClock clock = new MutableClock(hour.plus(Duration.ofMinutes(5)));
        List<StatusIndex> handedOut = new ArrayList<>();

        StatusIndexAllocator hourly = allocator(store, clock, Duration.ofHours(1), 1024, 65536);
        take(hourly, clock, 10, handedOut);
        long hourList = handedOut.get(0).listId();
        // "Restart" with a 10 min window and blocks of 64: the window starting at 05:00 is the hourly list's key, so
        // the new node reserves after what the old one reserved.
        StatusIndexAllocator tenMinutes = allocator(store, clock, Duration.ofMinutes(10), 64, 1 << 20);
        take(tenMinutes, clock, 10, handedOut);
        assertThat(handedOut.get(10).listId()).isEqualTo(hourList);
        assertThat(handedOut.get(10).idx()).isEqualTo(1024);
        // Later in the hour the 10 min window (05:10) has a list of its own.
        clock.advance(Duration.ofMinutes(10));
        StatusIndexAllocator tenMinutesLater = allocator(store, clock, Duration.ofMinutes(10), 64, 1 << 20);
        take(tenMinutesLater, clock, 10, handedOut);
        assertThat(handedOut.get(20).listId()).isNotEqualTo(hourList);
        // Back to one hour: the 05:00 list again, after both earlier blocks.
        StatusIndexAllocator hourlyAgain = allocator(store, clock, Duration.ofHours(1), 1024, 1 << 20);
        take(hourlyAgain, clock, 10, handedOut);
        assertThat(handedOut.get(30).listId()).isEqualTo(hourList);
        assertThat(handedOut.get(30).idx()).isEqualTo(1024 + 64);

        assertThat(new HashSet<>(handedOut)).as("no index handed out twice").hasSize(handedOut.size());
        // The 10 min node's bound (05:10 + lifetime) never lowered the hourly list's (06:00 + lifetime), and the list
        // keeps the capacity it was started with.
        assertThat(row(db, hourList)).isEqualTo(new ListRow(hour.plus(Duration.ofHours(1)).plus(LONGEST), 65536));
        assertThat(row(db, handedOut.get(20).listId()).expiresBound())
                .isEqualTo(hour.plus(Duration.ofMinutes(20)).plus(LONGEST));
    }

    @Test
    void releaseWhenIndexGivenBackThenTheNextTokenTakesItAndAnOldBlocksIndexIsNotReused() {
        JdbcStatusListStore store = new JdbcStatusListStore(app.server().tokenbooth().services().database);
        Instant hour = Instant.parse("2031-05-06T07:00:00Z");
        MutableClock clock = new MutableClock(hour.plus(Duration.ofMinutes(59)));
        StatusIndexAllocator allocator = allocator(store, clock, Duration.ofHours(1), 64, 65536);
        StatusIndex first = allocator.next(clock.instant().plus(LONGEST));
        StatusIndex refused = allocator.next(clock.instant().plus(LONGEST));
        allocator.release(refused);
        assertThat(allocator.next(clock.instant().plus(LONGEST))).isEqualTo(refused);
        StatusIndex lastOfWindow = allocator.next(clock.instant().plus(LONGEST));
        clock.advance(Duration.ofMinutes(2));
        StatusIndex nextWindow = allocator.next(clock.instant().plus(LONGEST));
        assertThat(nextWindow.listId()).isNotEqualTo(first.listId());
        // Given back after its block was left: dropped, never handed out again.
        allocator.release(lastOfWindow);
        StatusIndex after = allocator.next(clock.instant().plus(LONGEST));
        assertThat(after).isEqualTo(new StatusIndex(nextWindow.listId(), nextWindow.idx() + 1));
    }

    private static StatusIndexAllocator allocator(StatusListStore store, MutableClock clock, Duration window,
                                                  int blockSize, int capacity) {
        return new StatusIndexAllocator(store, clock, new StatusIndexAllocator.Settings(window, blockSize, capacity),
                () -> LONGEST);
    }

    private static void take(StatusIndexAllocator allocator, MutableClock clock, int n, List<StatusIndex> into) {
        for (int i = 0; i < n; i++) {
            into.add(allocator.next(clock.instant().plus(LONGEST)));
        }
    }

    /** A list's row as stored: its expiry bound and capacity. */
    private record ListRow(Instant expiresBound, int capacity) {
    }

    private static ListRow row(Database db, long listId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select expires_bound, capacity from status_lists where id = ?")) {
                ps.setLong(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new ListRow(Sql.getInstant(rs, "expires_bound"), rs.getInt("capacity"));
                }
            }
        });
    }
}
