// Runs housekeeping's bounded passes (storage.Retention with app.Housekeeping's budget) on a database until a pass
// completes, printing each pass's time and rows: what one pass costs at a million rows, and how a backlog drains.
// Issue 11, scale of data. Needs the bench jar (it carries the server); no server may hold an embedded database.
//   java -cp bench/target/benchmarks.jar bench/scale/DrainBacklog.java (--data DIR | --db JDBC_URL) [--passes N]
import io.tokenbooth.server.config.ConfigLoader;
import io.tokenbooth.server.storage.Database;
import io.tokenbooth.server.storage.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

class DrainBacklog {
    /** As app.Housekeeping.PASS (package-private there). */
    static final Retention.Budget PASS = new Retention.Budget(40, Duration.ofSeconds(2));

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        int passes = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> flags.put("data", args[i + 1]);
                case "--db" -> flags.put("db", args[i + 1]);
                case "--passes" -> passes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (Database db = Database.open(ConfigLoader.load(flags, System.getenv(), Optional.empty()).database())) {
            db.migrate();
            // The key grace does not matter here: a seeded database has no retired keys.
            Retention retention = new Retention(db, () -> Duration.ofDays(1));
            for (int n = 1; n <= passes; n++) {
                long started = System.nanoTime();
                Retention.Pass pass = retention.purge(Instant.now(), PASS);
                int rows = pass.deleted().values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf("PASS %d %.3f s %d rows %s%s%n", n, (System.nanoTime() - started) / 1e9, rows,
                        pass.deleted(), pass.complete() ? " complete" : "");
                if (pass.complete()) {
                    break;
                }
            }
        }
    }
}
