package io.tokenbooth.server.cli;

import io.tokenbooth.server.config.TokenboothConfig;
import io.tokenbooth.server.storage.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or upgrade the database schema, then exit. `serve` does this too on every start.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        TokenboothConfig config = options.load();
        try (Database db = Database.open(config.database())) {
            System.out.println("database " + db.describe());
            Database.Migrated migrated = db.migrate();
            migrated.applied().forEach(m -> System.out.println("applied " + m));
            System.out.println("database schema is up to date (version " + migrated.schemaVersion() + ")");
        }
        return 0;
    }
}
