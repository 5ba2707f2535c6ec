package io.tokenbooth.examples.wallet;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.tokenbooth.examples.wallet.http.AppPages;
import io.tokenbooth.examples.wallet.http.Authorization;
import io.tokenbooth.examples.wallet.http.Problems;
import io.tokenbooth.examples.wallet.http.VerifierAuthorization;
import io.tokenbooth.examples.wallet.http.WalletEndpoint;
import io.tokenbooth.examples.wallet.ledger.JdbcLedger;
import io.tokenbooth.examples.wallet.ledger.Ledger;
import io.tokenbooth.examples.wallet.ledger.MovementKind;
import io.tokenbooth.examples.wallet.storage.WalletDatabase;
import io.tokenbooth.verifier.ResourceServerVerifier;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the database, the ledger, the routes and the HTTP server. Holds no user state of its own, so
 * any number of wallets on one database serve the same users. The route table:
 * <pre>
 *   GET  /wallet               wallet:read    balance, currency, newest entries
 *   POST /wallet/deposits      wallet:write   {"amount": N}                       + Idempotency-Key
 *   POST /wallet/withdrawals   wallet:write   {"amount": N}                       + Idempotency-Key
 *   POST /wallet/payments      wallet:write   {"amount": N, "merchant": "…"}      + Idempotency-Key
 *   GET  /config.json, /callback, /*          the browser app (classpath /public)
 * </pre>
 */
public final class WalletServer implements AutoCloseable {
    public static final String READ = "wallet:read";
    public static final String WRITE = "wallet:write";
    private static final Logger LOG = LoggerFactory.getLogger(WalletServer.class);

    private final Javalin app;
    private final WalletDatabase db;
    private final ScheduledExecutorService janitor;
    private final ResourceServerVerifier verifier;

    private WalletServer(Javalin app, WalletDatabase db, ScheduledExecutorService janitor,
                         ResourceServerVerifier verifier) {
        this.app = app;
        this.db = db;
        this.janitor = janitor;
        this.verifier = verifier;
    }

    /**
     * Reads the issuer's discovery document (so Tokenbooth must be up), opens and migrates the database and starts
     * serving, with the verifier library checking every bearer token.
     */
    public static WalletServer start(WalletSettings settings) {
        ResourceServerVerifier verifier = ResourceServerVerifier.builder(settings.issuer())
                .audience(settings.audience()).statusPollInterval(settings.statusPoll())
                .maxStatusStaleness(settings.maxStatusStaleness()).build();
        try {
            return start(settings, new VerifierAuthorization(verifier), verifier);
        } catch (RuntimeException e) {
            verifier.close();
            throw e;
        }
    }

    private static WalletServer start(WalletSettings settings, Authorization auth, ResourceServerVerifier verifier) {
        WalletDatabase db = WalletDatabase.open(settings.jdbcUrl(), settings.dataDir(), 10);
        Ledger ledger = new JdbcLedger(db, Clock.systemUTC());
        WalletEndpoint wallet = new WalletEndpoint(ledger, auth);
        // The default post-logout redirect URI names the port, known once the server listens (--port 0).
        java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger(settings.port());
        AppPages pages = new AppPages(settings.issuer(), settings.clientId(), settings.audience(),
                () -> settings.postLogoutRedirectUri(listening.get()));
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.generateEtags = false;
            cfg.http.prefer405over404 = true;
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
                sf.headers = pages.headers();
            });
            cfg.routes.before(pages::applyHeaders);
            cfg.routes.before("/wallet", auth.require(READ));
            cfg.routes.before("/wallet/*", auth.require(WRITE));
            cfg.routes.get("/wallet", wallet::view);
            cfg.routes.post("/wallet/deposits", ctx -> wallet.move(ctx, MovementKind.DEPOSIT));
            cfg.routes.post("/wallet/withdrawals", ctx -> wallet.move(ctx, MovementKind.WITHDRAWAL));
            cfg.routes.post("/wallet/payments", ctx -> wallet.move(ctx, MovementKind.PAYMENT));
            cfg.routes.get("/config.json", pages::config);
            cfg.routes.get("/callback", pages::callback);
            Problems.register(cfg.routes);
        });
        try {
            app.start();
            listening.set(app.port());
        } catch (RuntimeException e) {
            app.stop();
            db.close();
            throw e;
        }
        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wallet-key-janitor");
            t.setDaemon(true);
            return t;
        });
        janitor.scheduleWithFixedDelay(() -> forgetOldKeys(ledger, settings), 1, 60, TimeUnit.MINUTES);
        return new WalletServer(app, db, janitor, verifier);
    }

    private static void forgetOldKeys(Ledger ledger, WalletSettings settings) {
        try {
            int n = ledger.forgetKeysBefore(Clock.systemUTC().instant().minus(settings.keyRetention()));
            LOG.debug("forgot {} idempotency keys", n);
        } catch (RuntimeException e) {
            LOG.warn("could not forget old idempotency keys: {}", e.toString());
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        janitor.shutdownNow();
        app.stop();
        db.close();
        verifier.close();
    }
}
