package io.tokenbooth.server.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Renders the JTE templates of {@code src/main/jte}, compiled to Java at build time (no template compiler or file
 * access at run time). The Html content type escapes every {@code ${…}} for its context, so request values are
 * never markup. Also owns the pages' Content-Security-Policy: nothing but the one inline stylesheet, allowed by its
 * SHA-256 hash (CSP Level 3 §8.3). Thread-safe.
 */
public final class PageRenderer {
    private static final String PACKAGE = "io.tokenbooth.server.pages.generated";
    private final TemplateEngine engine;
    private final String stylesheet;
    private final String contentSecurityPolicy;

    public PageRenderer() {
        this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, PageRenderer.class.getClassLoader(), PACKAGE);
        this.stylesheet = resource("tokenbooth.css");
        // No form-action: Chrome applies it to the redirect that follows a form POST (to the client's redirect URI).
        this.contentSecurityPolicy = "default-src 'none'; style-src '" + sha256(stylesheet) + "'; img-src 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'";
    }

    /** Renders {@code template} (a file name in src/main/jte, without {@code .jte}) with its one parameter. */
    public String render(String template, Object page) {
        StringOutput out = new StringOutput(4096);
        engine.render(template + ".jte", page, out);
        return out.toString();
    }

    public String stylesheet() {
        return stylesheet;
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** The frame of a page in the language of {@code text}; {@code csrfToken} may be null for pages without a form. */
    public Frame frame(Messages text, String csrfToken) {
        return new Frame(text, stylesheet, csrfToken);
    }

    private static String resource(String name) {
        try (InputStream in = PageRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
