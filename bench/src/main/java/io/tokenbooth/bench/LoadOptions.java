package io.tokenbooth.bench;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/** The load generator's command line, validated and bounded. */
record LoadOptions(
        URI url,
        String scenario,
        int concurrency,
        int durationSeconds,
        int warmupSeconds,
        int users,
        int spare,
        int timeoutSeconds,
        long maxRequests,
        OptionalLong serverPid,
        java.util.Optional<java.nio.file.Path> jfr,
        int jfrPeriodMillis,
        int argon2MemoryKib,
        int argon2Iterations,
        int argon2Parallelism,
        String clientId,
        java.util.Optional<java.nio.file.Path> clientSecretFile,
        String introspectorId,
        java.util.Optional<java.nio.file.Path> introspectorSecretFile,
        String scope,
        int tokens) {

    static final List<String> SCENARIOS = List.of("login", "refresh", "jwks", "me", "client-credentials", "introspect",
            "hash-baseline");
    static final int MAX_TOKENS = 20_000;
    static final int MAX_DURATION = 120;
    static final int MAX_WARMUP = 60;
    static final int MAX_CONCURRENCY = 1024;
    static final int MAX_USERS = 200;
    static final long MAX_REQUESTS = 50_000_000L;

    static final String USAGE = """
            Usage: java -cp bench/target/benchmarks.jar io.tokenbooth.bench.LoadGenerator [options]
              --scenario S       login | refresh | jwks | me | client-credentials | introspect | hash-baseline
                                 (required)
              --url URL          server base URL, e.g. http://127.0.0.1:8080 (not for hash-baseline)
              --concurrency N    connections (hash-baseline: threads); default login 4, hash-baseline 1, else 32
              --duration S       measured seconds, 1-120 (default 30)
              --warmup S         seconds of load before measuring, 0-60 (default 10)
              --users N          users to sign up for login/me/refresh, 1-200 (default 8)
              --spare N          refresh: extra refresh-token chains to replace failed ones (default concurrency/4, >= 2)
              --timeout S        per-request timeout, 1-60 (default 10)
              --max-requests N   stop after this many responses (default and at most 50000000)
              --server-pid PID   read the server's CPU time from /proc to report requests per server CPU-second
              --jfr FILE         with --server-pid: record the server with JFR (jcmd) during the measured window only
              --jfr-period MS    CPU sampling period of that recording, 1-100 (default 5); on JDK 25+ the recording
                                 also has CPU-time samples (jdk.CPUTimeSample), which include native code
              --argon2 M,T,P     hash-baseline parameters (default 19456,2,1 = the server's OWASP defaults)
              --client ID        client-credentials, introspect: the confidential client (client_secret_basic,
                                 grant client_credentials) whose grants are measured / that obtains the token pool
              --client-secret-file FILE
                                 its secret: the file's first line, or the value of its "client_secret: " line (the
                                 output of `tokenbooth client add`); never on the command line
              --introspector ID  introspect: the confidential client that introspects (default: --client)
              --introspector-secret-file FILE
                                 its secret, as --client-secret-file (default: that of --client)
              --scope S          client-credentials, introspect: the scope asked for (default orders:read)
              --tokens N         introspect: distinct access tokens obtained beforehand and introspected
                                 round-robin, 1-20000 (default 1000)
            Loopback targets only; every phase is bounded in time and count.""";

    static LoadOptions parse(String[] args) {
        URI url = null;
        String scenario = null;
        Integer concurrency = null;
        int duration = 30;
        int warmup = 10;
        int users = 8;
        Integer spare = null;
        int timeout = 10;
        long maxRequests = MAX_REQUESTS;
        OptionalLong pid = OptionalLong.empty();
        java.util.Optional<java.nio.file.Path> jfr = java.util.Optional.empty();
        int jfrPeriod = 5;
        int m = 19_456;
        int t = 2;
        int p = 1;
        String clientId = null;
        java.util.Optional<java.nio.file.Path> clientSecret = java.util.Optional.empty();
        String introspectorId = null;
        java.util.Optional<java.nio.file.Path> introspectorSecret = java.util.Optional.empty();
        String scope = "orders:read";
        int tokens = 1000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new UsageException(null);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                case "--scenario" -> scenario = v;
                case "--concurrency" -> concurrency = bounded(a, v, 1, MAX_CONCURRENCY);
                case "--duration" -> duration = bounded(a, v, 1, MAX_DURATION);
                case "--warmup" -> warmup = bounded(a, v, 0, MAX_WARMUP);
                case "--users" -> users = bounded(a, v, 1, MAX_USERS);
                case "--spare" -> spare = bounded(a, v, 0, MAX_CONCURRENCY);
                case "--timeout" -> timeout = bounded(a, v, 1, 60);
                case "--max-requests" -> maxRequests = Math.min(MAX_REQUESTS, Long.parseLong(v));
                case "--server-pid" -> pid = OptionalLong.of(Long.parseLong(v));
                case "--jfr" -> jfr = java.util.Optional.of(java.nio.file.Path.of(v));
                case "--jfr-period" -> jfrPeriod = bounded(a, v, 1, 100);
                case "--argon2" -> {
                    String[] parts = v.split(",");
                    if (parts.length != 3) {
                        throw new UsageException("--argon2 takes M,T,P");
                    }
                    m = Integer.parseInt(parts[0].trim());
                    t = Integer.parseInt(parts[1].trim());
                    p = Integer.parseInt(parts[2].trim());
                }
                case "--client" -> clientId = v;
                case "--client-secret-file" -> clientSecret = java.util.Optional.of(java.nio.file.Path.of(v));
                case "--introspector" -> introspectorId = v;
                case "--introspector-secret-file" -> introspectorSecret = java.util.Optional.of(java.nio.file.Path.of(v));
                case "--scope" -> scope = v;
                case "--tokens" -> tokens = bounded(a, v, 1, MAX_TOKENS);
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (scenario == null || !SCENARIOS.contains(scenario)) {
            throw new UsageException("--scenario must be one of " + SCENARIOS);
        }
        if (!scenario.equals("hash-baseline")) {
            if (url == null) {
                throw new UsageException("--url is required for " + scenario);
            }
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new UsageException("--url must be http://HOST:PORT");
            }
            if (!isLoopback(url.getHost())) {
                throw new UsageException("--url must be a loopback address (127.0.0.0/8, localhost or [::1])");
            }
        }
        int c = concurrency != null ? concurrency : switch (scenario) {
            case "login" -> 4;
            case "hash-baseline" -> 1;
            default -> 32;
        };
        int s = spare != null ? spare : Math.max(2, c / 4);
        if (jfr.isPresent() && (pid.isEmpty() || scenario.equals("hash-baseline"))) {
            throw new UsageException("--jfr needs --server-pid and an HTTP scenario");
        }
        boolean oauth = scenario.equals("client-credentials") || scenario.equals("introspect");
        if (oauth && (clientId == null || clientSecret.isEmpty())) {
            throw new UsageException(scenario + " needs --client and --client-secret-file");
        }
        if (introspectorId == null) {
            introspectorId = clientId;
            if (introspectorSecret.isEmpty()) {
                introspectorSecret = clientSecret;
            }
        } else if (introspectorSecret.isEmpty()) {
            throw new UsageException("--introspector needs --introspector-secret-file");
        }
        if (maxRequests < 1) {
            throw new UsageException("--max-requests must be positive");
        }
        return new LoadOptions(url, scenario, c, duration, warmup, users, s, timeout, maxRequests, pid, jfr, jfrPeriod,
                m, t, p, clientId, clientSecret, introspectorId, introspectorSecret, scope, tokens);
    }

    int port() {
        return url.getPort() == -1 ? 80 : url.getPort();
    }

    String hostHeader() {
        return url.getHost() + ":" + port();
    }

    private static boolean isLoopback(String host) {
        try {
            for (var address : java.net.InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static int bounded(String option, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be " + min + ".." + max);
        }
        return n;
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
