package io.tokenbooth.server.cli;

import io.tokenbooth.server.account.Account;
import io.tokenbooth.server.account.SignInMethod;
import io.tokenbooth.server.app.Services;
import io.tokenbooth.server.config.TokenboothConfig;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage user accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.Show.class, UserCommand.Passwd.class, UserCommand.Disable.class,
                UserCommand.Enable.class, UserCommand.RevokeSessions.class})
final class UserCommand {

    static Services open(CommonOptions options) {
        TokenboothConfig config = options.load();
        Services services = Services.open(config, config.issuerFor(config.http().port()), Clock.systemUTC());
        // On standard error, so that what a command prints (a client secret, a list) stays machine-readable.
        System.err.println("tokenbooth: database " + services.database.describe());
        services.database.migrate();
        return services;
    }

    /** Reads a password: prompted twice on a terminal, otherwise the first line of standard input. */
    static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the passwords do not match");
            }
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line;
    }

    /** {@code Console.isTerminal()} exists from JDK 22; before it, a non-null console is a terminal. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an account. The password is read from standard input when it is not a terminal, "
                    + "or an existing hash is imported with --password-hash, or the account has none (--no-password).")
    static final class Add implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "USERNAME", description = "3-64 letters, digits, '.', '_' or '-'.")
        String username;
        @Option(names = "--email", paramLabel = "EMAIL", description = "Optional e-mail address.")
        String email;
        @Option(names = "--password-hash", paramLabel = "HASH",
                description = "Import a user from another system with their existing hash instead of a password: "
                        + "Argon2 PHC ($argon2id$...), bcrypt ($2a$/$2b$/$2y$) or PBKDF2 ($pbkdf2-sha256$i=N$salt$hash, "
                        + "base64 without padding). It is upgraded to Argon2id at the user's first login.")
        String passwordHash;
        @Option(names = "--no-password",
                description = "Create the account without a password: nothing signs in to it (a password login fails "
                        + "like a wrong password) until a sign-in method is added, e.g. with `user passwd`.")
        boolean noPassword;

        @Override
        public Integer call() throws IOException {
            if (noPassword && passwordHash != null) {
                throw new IllegalArgumentException("--no-password and --password-hash exclude each other");
            }
            try (Services services = open(options)) {
                Optional<String> mail = Optional.ofNullable(email);
                Account account = noPassword ? services.accounts.createWithoutPassword(username, mail)
                        : passwordHash != null ? services.accounts.importAccount(username, passwordHash, mail)
                        : services.accounts.signup(username, readPassword(), mail);
                System.out.println("created user " + account.username() + " (id " + account.id() + ")"
                        + (noPassword ? " without a password" : ""));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show an account: id, e-mail, creation time, whether it is disabled, its sign-in methods.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() {
            try (Services services = open(options)) {
                Optional<Account> found = services.accounts.find(username);
                if (found.isEmpty()) {
                    System.err.println("error: no such user: " + username);
                    return 1;
                }
                Account a = found.get();
                String methods = a.signInMethods().stream().map(SignInMethod::value)
                        .collect(Collectors.joining(", "));
                System.out.println("username:        " + a.username());
                System.out.println("id:              " + a.id());
                System.out.println("email:           " + a.email().orElse("-"));
                System.out.println("created:         " + a.createdAt());
                System.out.println("disabled:        " + (a.disabled() ? "yes" : "no"));
                System.out.println("sign-in methods: " + (methods.isEmpty() ? "none" : methods));
            }
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a new password (read like `user add`) and sign the user out everywhere.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() throws IOException {
            String password = readPassword();
            try (Services services = open(options)) {
                services.accounts.changePassword(username, password);
                System.out.println("password changed for " + username + "; refresh tokens revoked");
            }
            return 0;
        }
    }

    @Command(name = "revoke-sessions", mixinStandardHelpOptions = true,
            description = "Sign a user out everywhere: revoke every refresh token and set the status bits of the "
                    + "access tokens they minted, so resource servers refuse them within seconds.")
    static final class RevokeSessions implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() {
            try (Services services = open(options)) {
                int ended = services.accounts.revokeSessions(username);
                System.out.println("revoked " + ended + " session" + (ended == 1 ? "" : "s") + " of " + username);
            }
            return 0;
        }
    }

    /** Shared by {@code disable} and {@code enable}: they differ only in the flag they set. */
    abstract static class SetDisabled implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        abstract boolean disabled();

        @Override
        public Integer call() {
            try (Services services = open(options)) {
                services.accounts.setDisabled(username, disabled());
                System.out.println((disabled() ? "disabled " : "enabled ") + username);
            }
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an account: it can no longer log in or refresh; its refresh tokens are revoked.")
    static final class Disable extends SetDisabled {
        @Override
        boolean disabled() {
            return true;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Re-enable a disabled account.")
    static final class Enable extends SetDisabled {
        @Override
        boolean disabled() {
            return false;
        }
    }
}
