package io.tokenbooth.server.cli;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.storage.StoreUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenbooth} command line: serve, migrate, user and keys administration. */
@Command(name = "tokenbooth", mixinStandardHelpOptions = true, version = "tokenbooth 0.1.0",
        description = "A token-based authentication server.",
        subcommands = {ServeCommand.class, MigrateCommand.class, UserCommand.class, ClientCommand.class, ApiCommand.class,
                KeysCommand.class,
                CommandLine.HelpCommand.class})
public final class TokenboothCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new TokenboothCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = switch (e) {
                case ConfigException c -> "configuration error: " + c.getMessage();
                case OAuthException o -> o.description();
                case StoreUnavailableException s -> s.getMessage() + " (" + rootCause(s) + ")";
                case io.tokenbooth.server.keys.MasterKey.KeyDecryptionException k -> k.getMessage()
                        + "; restore the master key the keys were created with (TOKENBOOTH_MASTER_KEY or data/master.key)";
                case IllegalArgumentException i -> i.getMessage();
                default -> e.toString();
            };
            commandLine.getErr().println("error: " + message);
            return 1;
        });
        return cli.execute(args);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
