package io.tokenbooth.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documentation names every configuration key and every route the server answers. */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void configurationDocWhenReadThenListsEveryKeyWithItsEnvironmentVariable() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
        for (ConfigKey key : ConfigKey.ALL) {
            assertThat(doc).as("docs/configuration.md documents " + key.name())
                    .contains("`" + key.name() + "`").contains("`" + key.envName() + "`");
        }
    }

    @Test
    void apiDocWhenReadThenDescribesEveryRoute() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/api.md"));
        String routes = Files.readString(ROOT.resolve("server/src/main/java/io/tokenbooth/server/http/Routes.java"))
                + Files.readString(ROOT.resolve("server/src/main/java/io/tokenbooth/server/admin/AdminRoutes.java"));
        var matcher = java.util.regex.Pattern.compile("r\\.(get|post|delete)\\(\"([^\"]+)\"").matcher(routes);
        int count = 0;
        while (matcher.find()) {
            count++;
            String line = matcher.group(1).toUpperCase(java.util.Locale.ROOT) + " " + matcher.group(2);
            assertThat(doc).as("docs/api.md describes " + line).contains(line);
        }
        assertThat(count).isGreaterThan(5);
    }

    /**
     * Issue 6, defect 7: docs/oauth.md's shell blocks paste and run in order: every variable is set by an earlier line
     * (or earlier in its own line) before a command uses it, and every client a command names was added before.
     * (Run against a server when the guide changes; this keeps the order from drifting.)
     */
    @Test
    void oauthGuideWhenPastedInOrderThenEveryVariableAndClientExistsBeforeUse() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/oauth.md"));
        var blocks = java.util.regex.Pattern.compile("```sh\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(doc);
        var assignment = java.util.regex.Pattern.compile("(?:^|[;&(\\s])([A-Z_][A-Z0-9_]*)=");
        var use = java.util.regex.Pattern.compile("\\$\\{?([A-Z_][A-Z0-9_]*)");
        var added = java.util.regex.Pattern.compile("client add ([a-z0-9-]+)");
        var named = java.util.regex.Pattern.compile("(?:client_id=|-u \"?)([a-z0-9-]+)");
        java.util.Set<String> variables = new java.util.HashSet<>();
        java.util.Set<String> clients = new java.util.HashSet<>();
        int commands = 0;
        while (blocks.find()) {
            // Continuation lines form one command.
            for (String command : blocks.group(1).replace("\\\n", " ").split("\n")) {
                String code = command.replaceFirst("\\s+#.*$", "");
                if (code.isBlank() || code.startsWith("#")) {
                    continue;
                }
                commands++;
                variables.addAll(groups(assignment, code));
                for (String variable : groups(use, code)) {
                    assertThat(variables).as("docs/oauth.md sets $" + variable + " before: " + code).contains(variable);
                }
                clients.addAll(groups(added, code));
                for (String client : groups(named, code)) {
                    assertThat(clients).as("docs/oauth.md adds client " + client + " before: " + code).contains(client);
                }
            }
        }
        assertThat(commands).isGreaterThan(10);
        assertThat(clients).contains("my-app", "backend");
    }

    private static java.util.List<String> groups(java.util.regex.Pattern pattern, String text) {
        return pattern.matcher(text).results().map(m -> m.group(1)).toList();
    }
}
