package io.tokenbooth.server.account;

/**
 * A validated username: {@code display} as the user typed it after NFKC normalisation, {@code key} its case-folded
 * form (unique), {@code skeleton} its UTS #39 confusable skeleton (unique, so no two accounts look alike).
 */
public record Username(String display, String key, String skeleton) {
}
