package io.tokenbooth.server.cli;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.storage.StoreUnavailableException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenbooth} command line: serve, migrate, user and keys administration. */
@Command(name = "tokenbooth", mixinStandardHelpOptions = true, version = "tokenbooth 0.1.0",
        description = "A token-based authentication server.")
public final class TokenboothCli implements Runnable {
    /**
     * The subcommands, in the order the help lists them. picocli reflects over a command and all of its subcommands
     * when it is added, so a start builds only the one named (see {@link #commandLine}).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand::new);
        commands.put("migrate", MigrateCommand::new);
        commands.put("user", UserCommand::new);
        commands.put("client", ClientCommand::new);
        commands.put("api", ApiCommand::new);
        commands.put("keys", KeysCommand::new);
        commands.put("help", TokenboothCli::helpCommand);
        return Collections.unmodifiableMap(commands);
    }

    /**
     * picocli's help command, typed as Object on purpose: picocli is compiled for Java 5, and the JDK's ahead-of-time
     * cache leaves such classes out. A method reference {@code HelpCommand::new} here puts the type {@code ()HelpCommand}
     * in the archived lambda call site, and Temurin 25.0.3 then crashes assembling the cache with class linking
     * (archiveHeapWriter.cpp:757, "Metadata ... should have been archived"; docs/performance.md, "Start-up").
     */
    private static Object helpCommand() {
        return new CommandLine.HelpCommand();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. A plain {@code serve} skips
     * picocli (see {@link ServeArguments}); it runs the same command and fails with the same one line.
     */
    public static int execute(String... args) {
        var serve = ServeArguments.read(args);
        if (serve.isPresent()) {
            ServeCommand command = new ServeCommand();
            command.options = serve.get();
            try {
                return command.call();
            } catch (Exception e) {
                System.err.println("error: " + failure(e));
                System.err.flush();
                return 1;
            }
        }
        CommandLine cli = commandLine(args);
        cli.setExecutionExceptionHandler(new ErrorExit());
        return cli.execute(args);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they start with one (help, which
     * lists them all, and anything else get every subcommand), so {@code serve} does not pay for the model of the
     * administration commands.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new TokenboothCli());
        String first = args.length == 0 ? "" : args[0];
        if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
            cli.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            for (Map.Entry<String, Supplier<Object>> command : SUBCOMMANDS.entrySet()) {
                cli.addSubcommand(command.getKey(), command.getValue().get());
            }
        }
        return cli;
    }

    /**
     * A command's failure as one line on standard error and exit code 1. A class, not a lambda, like
     * {@link #helpCommand}: no picocli type may appear in a lambda's signature (TokenboothCliAotTest).
     */
    private static final class ErrorExit implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            commandLine.getErr().println("error: " + failure(e));
            return 1;
        }
    }

    /** A command's failure as the one line after {@code error: }. */
    private static String failure(Exception e) {
        return switch (e) {
            case ConfigException c -> "configuration error: " + c.getMessage();
            case OAuthException o -> o.description();
            case StoreUnavailableException s -> withRootCause(s);
            case io.tokenbooth.server.keys.MasterKey.KeyDecryptionException k -> k.getMessage()
                    + "; restore the master key the keys were created with (TOKENBOOTH_MASTER_KEY or data/master.key)";
            case IllegalArgumentException i -> i.getMessage();
            default -> e.toString();
        };
    }

    /** The message on one line (the first, where the cause is named), and the root cause unless it says it already. */
    private static String withRootCause(StoreUnavailableException e) {
        String message = e.getMessage().lines().findFirst().orElse("").strip();
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String root = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("").strip();
        return root.isEmpty() || message.contains(root) ? message : message + " (" + root + ")";
    }
}
