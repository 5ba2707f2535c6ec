package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the JDK's ahead-of-time cache with class linking (docs/performance.md, "Start-up"). picocli is compiled for
 * Java 5, and the cache leaves such classes out; a lambda or method reference whose type names one of them (e.g.
 * {@code CommandLine.HelpCommand::new}, type {@code ()HelpCommand}) is archived with its call site anyway, and
 * Temurin 25.0.3 then crashes assembling the cache (archiveHeapWriter.cpp:757). The launcher falls back to a cache
 * without class linking, which starts about as slowly as CDS.
 */
class TokenboothCliAotTest {
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;

    @Test
    void whenCompiledThenNoLambdaOrMethodReferenceLinksWithAPicocliClass() throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> classes = Files.walk(classesRoot().resolve("io/tokenbooth"))) {
            for (Path c : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                for (String type : methodTypes(Files.readAllBytes(c))) {
                    if (type.contains("picocli/")) {
                        found.add(classesRoot().relativize(c) + " " + type);
                    }
                }
            }
        }

        assertThat(found).isEmpty();
    }

    @Test
    void whenAMethodReferenceNamesHelpCommandThenTheCheckSeesIt() throws Exception {
        Path self = classesRoot(Probe.class).resolve(Probe.class.getName().replace('.', '/') + ".class");

        assertThat(methodTypes(Files.readAllBytes(self))).contains("picocli/CommandLine$HelpCommand.<init> ()V");
    }

    /** What the check must catch: the method reference that crashed the assembly. */
    static final class Probe {
        static final java.util.function.Supplier<Object> HELP = picocli.CommandLine.HelpCommand::new;
    }

    private static Path classesRoot() throws URISyntaxException {
        return classesRoot(TokenboothCli.class);
    }

    private static Path classesRoot(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * What the lambdas and method references of a class file link with (JVMS 4.4): each CONSTANT_MethodType's
     * descriptor, and each CONSTANT_MethodHandle's target as {@code owner.name descriptor}.
     */
    static List<String> methodTypes(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipNBytes(8); // magic, minor and major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        List<Integer> types = new ArrayList<>();
        List<Integer> handles = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 19, 20 -> first[i] = in.readUnsignedShort();
                case METHOD_TYPE -> types.add(in.readUnsignedShort());
                case METHOD_HANDLE -> {
                    in.skipNBytes(1);
                    handles.add(in.readUnsignedShort());
                }
                case 9, 10, 11, 12 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 3, 4, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> found = new ArrayList<>();
        types.forEach(t -> found.add(utf8[t]));
        for (int ref : handles) {
            int nameAndType = second[ref];
            found.add(utf8[first[first[ref]]] + "." + utf8[first[nameAndType]] + " " + utf8[second[nameAndType]]);
        }
        return found;
    }
}
