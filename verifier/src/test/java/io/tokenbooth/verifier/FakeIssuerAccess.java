package io.tokenbooth.verifier;

/** The {@link FakeIssuer} for the adapters' tests in other packages: start, mint, revoke. */
public final class FakeIssuerAccess implements AutoCloseable {
    private final FakeIssuer issuer;

    public FakeIssuerAccess() throws Exception {
        issuer = new FakeIssuer();
    }

    public String issuer() {
        return issuer.issuer;
    }

    public void list(String id, int size) {
        issuer.list(id, size);
    }

    public void revoke(String id, int idx) {
        issuer.revoke(id, idx);
    }

    /** An access token for {@code audience} with {@code scope}, at index {@code idx} of list {@code id}. */
    public String token(String audience, String scope, String id, int idx) throws Exception {
        return issuer.sign(issuer.claims(audience, id, idx).claim("scope", scope).build());
    }

    /** The same token with one character of its signature changed. */
    public String tampered(String audience, String scope, String id, int idx) throws Exception {
        String t = token(audience, scope, id, idx);
        char last = t.charAt(t.length() - 2);
        return t.substring(0, t.length() - 2) + (last == 'A' ? 'B' : 'A') + t.charAt(t.length() - 1);
    }

    @Override
    public void close() {
        issuer.close();
    }
}
