package io.tokenbooth.server.pages;

/**
 * Tells the user they are signed out (when there is no client to send them back to); {@code returnRefused}: and that
 * the return address the client asked for was refused, so the page does not pass for the requested logout.
 */
public record SignedOutPage(Frame frame, boolean returnRefused) {
}
