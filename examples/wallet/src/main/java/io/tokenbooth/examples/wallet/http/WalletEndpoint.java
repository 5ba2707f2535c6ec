package io.tokenbooth.examples.wallet.http;

import io.javalin.http.Context;
import io.tokenbooth.examples.wallet.ledger.Entry;
import io.tokenbooth.examples.wallet.ledger.IdempotencyKey;
import io.tokenbooth.examples.wallet.ledger.Ledger;
import io.tokenbooth.examples.wallet.ledger.Movement;
import io.tokenbooth.examples.wallet.ledger.MovementKind;
import io.tokenbooth.examples.wallet.ledger.Receipt;
import io.tokenbooth.examples.wallet.ledger.WalletView;
import io.tokenbooth.verifier.VerifiedToken;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /wallet} and the three money-moving {@code POST}s. The wallet is always the token's subject's: no path
 * segment, query parameter or body member names one (IDOR is impossible by construction, not by a check).
 */
public final class WalletEndpoint {
    public static final String CURRENCY = "KRW";
    /** Subjects longer than this are refused (the wallet key column's size). */
    static final int MAX_SUBJECT = 255;

    private final Ledger ledger;
    private final Authorization auth;
    private final MovementReader reader = new MovementReader();

    public WalletEndpoint(Ledger ledger, Authorization auth) {
        this.ledger = ledger;
        this.auth = auth;
    }

    public void view(Context ctx) {
        WalletView w = ledger.view(owner(ctx), Ledger.MAX_ENTRIES);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("balance", w.balance());
        body.put("currency", CURRENCY);
        body.put("entries", w.entries().stream().map(WalletEndpoint::entry).toList());
        Json.write(ctx, 200, body);
    }

    public void move(Context ctx, MovementKind kind) {
        String owner = owner(ctx);
        IdempotencyKey key = reader.key(ctx);
        Movement movement = reader.movement(ctx, kind);
        Receipt r = ledger.move(owner, key, movement);
        if (r.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        switch (r.outcome()) {
            case MOVED -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("balance", r.balance());
                body.put("currency", CURRENCY);
                body.put("entry", entry(r.entry()));
                Json.write(ctx, 201, body);
            }
            case INSUFFICIENT_FUNDS -> throw Problem.typed(409, "insufficient-funds", "Insufficient funds",
                    "insufficient_funds", "the balance does not cover this " + kind.wire(),
                    Map.of("balance", r.balance(), "amount", movement.amount()));
            case BALANCE_LIMIT -> throw Problem.typed(409, "balance-limit", "Balance limit",
                    "balance_limit", "the balance may not exceed " + Movement.MAX_BALANCE,
                    Map.of("balance", r.balance(), "amount", movement.amount()));
            case KEY_REUSED -> throw Problem.typed(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "idempotency_key_reused", "this Idempotency-Key was used for a different request", Map.of());
        }
    }

    /**
     * The wallet's owner: the verified token's {@code sub}, and only a user's token has one that counts. RFC 6750
     * §3.1: a token without a usable {@code sub} is unusable here (401 {@code invalid_token}); a client's own token is
     * valid but lacks the right to any wallet (403 {@code insufficient_scope}, with no {@code scope} to name: no scope
     * gives a client a wallet).
     */
    private String owner(Context ctx) {
        VerifiedToken token = auth.token(ctx);
        String sub = token.subject();
        if (sub == null || sub.isEmpty() || sub.length() > MAX_SUBJECT) {
            throw Problem.refusedToken("invalid_token", "the token names no usable subject");
        }
        if (token.clientOnly()) {
            throw Problem.refusedToken("insufficient_scope",
                    "a wallet belongs to a user; this token is a client's own");
        }
        return sub;
    }

    private static Map<String, Object> entry(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.seq());
        m.put("type", e.kind().wire());
        m.put("amount", e.amount());
        if (e.merchant() != null) {
            m.put("merchant", e.merchant());
        }
        m.put("balance", e.balanceAfter());
        m.put("created_at", e.at().toString());
        return m;
    }
}
