package io.ociplane.security.agent.internal;

/**
 * What a token that passed every check says.
 *
 * @param url the {@code url} claim, or {@code null}
 * @param origin the url's origin ({@link Origins#of(String)}), or {@code null} when it has none
 * @param expiresAtMillis the {@code exp} claim in milliseconds since the epoch
 */
record VerifiedToken(String url, String origin, long expiresAtMillis) {
}
