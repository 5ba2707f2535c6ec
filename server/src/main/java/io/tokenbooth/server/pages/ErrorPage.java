package io.tokenbooth.server.pages;

/** A page that stops the flow: a title, an explanation, and the technical error code for support (may be null). */
public record ErrorPage(Frame frame, String title, String message, String code) {
}
