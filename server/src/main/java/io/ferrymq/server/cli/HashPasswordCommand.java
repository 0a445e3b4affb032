package io.ferrymq.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry hash-password}: prints the hash of a password for the users file. The password comes from
 * {@code --password}, else from the console without echo, else from the first line of standard input (for
 * scripts: {@code echo secret | ferry hash-password}).
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Print a password hash for the users file (security.usersFile):",
            "  pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>",
            "Reads the password from the console without echo, or from the first line of standard input."})
public final class HashPasswordCommand implements Callable<Integer> {

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "the password (visible to other local users in the process list: prefer the prompt)")
    private String password;

    @Spec
    private CommandSpec spec;

    private final InputStream stdin;
    private final boolean useConsole;

    /** Reads the console, or {@code System.in} when there is none. */
    public HashPasswordCommand() {
        this(System.in, true);
    }

    /** Reads {@code stdin} and never the console (for tests and embedding). */
    public HashPasswordCommand(InputStream stdin) {
        this(stdin, false);
    }

    private HashPasswordCommand(InputStream stdin, boolean useConsole) {
        this.stdin = stdin;
        this.useConsole = useConsole;
    }

    @Override
    public Integer call() throws IOException {
        char[] secret = password != null ? password.toCharArray() : readPassword();
        if (secret == null) {
            return FerryCommand.EXIT_CONFIG_ERROR;
        }
        try {
            if (secret.length == 0) {
                return fail("empty password");
            }
            spec.commandLine().getOut().println(PasswordHasher.hash(secret));
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("ferry hash-password: " + message);
        spec.commandLine().getErr().flush();
        return FerryCommand.EXIT_CONFIG_ERROR;
    }

    /** The password, or null after printing why there is none. */
    private char[] readPassword() throws IOException {
        Console console = useConsole ? System.console() : null;
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] again = first == null ? null : console.readPassword("Again: ");
            if (first == null || again == null) {
                fail("no password given");
                return null;
            }
            boolean same = Arrays.equals(first, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                fail("the passwords differ");
                return null;
            }
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
        String line = in.readLine();
        if (line == null) {
            fail("no password given");
            return null;
        }
        return line.toCharArray();
    }
}
