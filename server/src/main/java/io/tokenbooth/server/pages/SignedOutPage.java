package io.tokenbooth.server.pages;

/** Tells the user they are signed out (when there is no client to send them back to). */
public record SignedOutPage(Frame frame) {
}
