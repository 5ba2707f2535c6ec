package io.tokenbooth.server.http;

import io.javalin.http.Context;

/** The client's address for rate limiting: the peer address, or behind a trusted proxy the last X-Forwarded-For hop. */
public final class ClientAddress {
    private final boolean trustForwardedFor;

    public ClientAddress(boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    public String of(Context ctx) {
        if (trustForwardedFor) {
            String xff = ctx.header("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                String[] hops = xff.split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return ctx.req().getRemoteAddr();
    }

    /** The client's source for rate limits and login throttling: its address, an IPv6 one as its /64. */
    public String source(Context ctx) {
        return AddressPrefix.of(of(ctx));
    }
}
