package io.tokenbooth.server.metrics;

import java.util.Set;

/**
 * The label values of the HTTP request metric, each from a closed set, so that nothing a client sends can create a
 * time series: a client may invent any method name (RFC 9110 §9.1: any token) and any path, and every distinct label
 * value is a new series held in memory for the life of the process. Thread-safe (stateless).
 */
final class HttpMetricLabels {
    static final String OTHER_METHOD = "OTHER";
    static final String UNMATCHED_ROUTE = "unmatched";
    /** The methods of RFC 9110 §9.3 and RFC 5789 (PATCH); anything else is {@link #OTHER_METHOD}. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    /** The statuses Tokenbooth answers with; any other is counted by its class ({@code 4xx}). */
    private static final Set<Integer> STATUSES = Set.of(200, 201, 204, 302, 303, 400, 401, 403, 404, 405, 408, 413,
            415, 429, 431, 500, 503);

    private HttpMetricLabels() {
    }

    static String method(String method) {
        return METHODS.contains(method) ? method : OTHER_METHOD;
    }

    /** The matched route's template (never the request path), or {@link #UNMATCHED_ROUTE}. */
    static String route(String template) {
        return template == null || template.isEmpty() ? UNMATCHED_ROUTE : template;
    }

    static String status(int status) {
        if (STATUSES.contains(status)) {
            return Integer.toString(status);
        }
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : "other";
    }
}
