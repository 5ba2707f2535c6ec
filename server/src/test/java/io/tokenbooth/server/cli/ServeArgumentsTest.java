package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The plain {@code serve} read without picocli: the same options as picocli's reading, or picocli decides. */
class ServeArgumentsTest {

    @Test
    void whenAPlainServeThenReadExactlyAsPicocliReadsIt() {
        String[][] accepted = {
            {"serve"},
            {"serve", "--port", "8080"},
            {"serve", "--port=0", "--data", "/tmp/x y"},
            {"serve", "--data", "./data", "--port", "18101", "--issuer", "https://id.example.com"},
            {"serve", "--db", "jdbc:postgresql://127.0.0.1:5432/tb?user=tb", "--config=conf/tokenbooth.yml"},
            {"serve", "--issuer=https://id.example.com/a=b", "--port", "000123"},
        };
        for (String[] args : accepted) {
            CommonOptions fast = ServeArguments.read(args).orElseThrow(() -> new AssertionError(Arrays.toString(args)));
            CommonOptions picocli = picocli(args);
            assertThat(fast.port).as(Arrays.toString(args)).isEqualTo(picocli.port);
            assertThat(fast.data).as(Arrays.toString(args)).isEqualTo(picocli.data);
            assertThat(fast.db).as(Arrays.toString(args)).isEqualTo(picocli.db);
            assertThat(fast.issuer).as(Arrays.toString(args)).isEqualTo(picocli.issuer);
            assertThat(fast.config).as(Arrays.toString(args)).isEqualTo(picocli.config);
        }
        assertThat(ServeArguments.read("serve", "--config", "a/b.yml").orElseThrow().config).isEqualTo(Path.of("a/b.yml"));
    }

    @Test
    void whenAnythingButAPlainServeThenPicocliDecides() {
        String[][] left = {
            {},
            {"help", "serve"},
            {"migrate"},
            {"user", "add", "alice"},
            {"serve", "--help"},
            {"serve", "-h"},
            {"serve", "-V"},
            {"serve", "--version"},
            {"serve", "--port"},
            {"serve", "--port", "eighty"},
            {"serve", "--port", "-1"},
            {"serve", "--port", "+80"},
            {"serve", "--port", "1234567890"},
            {"serve", "--port", "1", "--port", "2"},
            {"serve", "--data", "--port", "1"},
            {"serve", "--data="},
            {"serve", "--dta", "x"},
            {"serve", "--", "--port", "1"},
            {"serve", "@args.txt"},
            {"serve", "--config", "@file"},
            {"serve", "extra"},
            {"Serve"},
        };
        for (String[] args : left) {
            assertThat(ServeArguments.read(args)).as(Arrays.toString(args)).isEmpty();
        }
    }

    @Test
    void whenServeFailsToStartThenTheSameOneLineAndExitCodeAsBefore() {
        Path missing = Path.of("target", "no-such-config-" + System.nanoTime() + ".yml");
        Cli.Result fast = Cli.run("serve", "--config", missing.toString(), "--port", "0");
        assertThat(fast.exitCode()).as(fast.toString()).isEqualTo(1);
        assertThat(fast.err().strip()).isEqualTo("error: configuration error: configuration file " + missing
                + " (--config) does not exist");
        Cli.Result repeated = Cli.run("serve", "--port", "0", "--port", "0");
        // Left to picocli: its usage error and exit code 2, as before.
        assertThat(repeated.exitCode()).as(repeated.toString()).isEqualTo(2);
        assertThat(repeated.err()).contains("--port");
    }

    private static CommonOptions picocli(String[] args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(Arrays.copyOfRange(args, 1, args.length));
        return command.options;
    }
}
