package io.tokenbooth.verifier.servlet;

import io.tokenbooth.verifier.ResourceServerVerifier;
import io.tokenbooth.verifier.VerifiedToken;
import io.tokenbooth.verifier.http.BearerRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Jakarta Servlet filter that lets a request through only with a valid bearer access token carrying the given
 * scopes (RFC 6750), exactly like the Javalin handler: 401 without a token (a bare {@code Bearer realm="…"}
 * challenge) or with a refused one ({@code invalid_token}), 403 for {@code insufficient_scope}, each with
 * {@code WWW-Authenticate} and a JSON body {@code {"error": …, "error_description": …}}. The verified token is the
 * request attribute {@link #ATTRIBUTE}: {@link #token(ServletRequest)}. CORS preflights ({@code OPTIONS}) pass.
 * <pre>{@code
 * context.addFilter(new FilterHolder(new BearerTokenFilter(verifier, "wallet:read")), "/wallet/*", null);
 * }</pre>
 * The Servlet API is a provided dependency: the container has it.
 */
public final class BearerTokenFilter implements Filter {
    /** The request attribute holding the {@link VerifiedToken}. */
    public static final String ATTRIBUTE = VerifiedToken.class.getName();

    private final ResourceServerVerifier verifier;
    private final String realm;
    private final String[] scopes;

    /** Requires a valid token carrying every one of {@code scopes}; realm {@value BearerRequests#DEFAULT_REALM}. */
    public BearerTokenFilter(ResourceServerVerifier verifier, String... scopes) {
        this(BearerRequests.DEFAULT_REALM, verifier, scopes);
    }

    public BearerTokenFilter(String realm, ResourceServerVerifier verifier, String... scopes) {
        this.verifier = verifier;
        this.realm = realm;
        this.scopes = scopes.clone();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        if ("OPTIONS".equals(req.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        BearerRequests.Outcome outcome = BearerRequests.authenticate(verifier, realm, req.getHeader("Authorization"),
                scopes);
        if (outcome.token() != null) {
            request.setAttribute(ATTRIBUTE, outcome.token());
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse res = (HttpServletResponse) response;
        res.setStatus(outcome.status());
        res.setHeader("WWW-Authenticate", outcome.challenge());
        res.setHeader("Cache-Control", "no-store");
        res.setContentType("application/json");
        byte[] body = outcome.body().getBytes(StandardCharsets.UTF_8);
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    /** The token this filter verified for {@code request}; IllegalStateException when none did. */
    public static VerifiedToken token(ServletRequest request) {
        if (!(request.getAttribute(ATTRIBUTE) instanceof VerifiedToken t)) {
            throw new IllegalStateException("no BearerTokenFilter verified a token for this request");
        }
        return t;
    }
}
