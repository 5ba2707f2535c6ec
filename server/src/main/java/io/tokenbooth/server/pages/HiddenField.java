package io.tokenbooth.server.pages;

/** A hidden form field carrying a request parameter from one page to the next. */
public record HiddenField(String name, String value) {
}
