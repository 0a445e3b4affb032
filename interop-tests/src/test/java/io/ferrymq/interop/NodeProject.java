package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A Node.js project under {@code src/test} whose scripts drive npm clients against the server process. Its files
 * are copied to a directory under {@code target/} and installed there with {@code npm ci} (exact versions from its
 * package-lock.json), once per JVM, so {@code node_modules} never lands in the source tree. A script prints one line
 * per step and ends with {@link #PASSED}, exiting 0; anything else fails the test with its output and the broker's.
 *
 * <p>Node.js and npm must be on the PATH; a missing one fails the test class with a message saying so. Not thread
 * safe: called from the test thread.
 */
final class NodeProject {

    /** The last line of a script whose steps all passed. */
    static final String PASSED = "all steps passed";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<Path, NodeProject> INSTALLED = new ConcurrentHashMap<>();

    private final Path workDir;

    private NodeProject(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * The project in {@code src/test/<name>} (system property {@code ferry.testDir}), installed in
     * {@code target/<name>-interop} (system property {@code ferry.buildDir}) unless this JVM did so already.
     *
     * @param nodeMajor the oldest Node.js major version its packages support
     */
    static NodeProject install(String name, int nodeMajor) throws Exception {
        Path sources = Path.of(System.getProperty("ferry.testDir", "src/test"), name).toAbsolutePath();
        Path workDir = Path.of(System.getProperty("ferry.buildDir", "target"), name + "-interop").toAbsolutePath();
        NodeProject installed = INSTALLED.get(workDir);
        if (installed != null) {
            return installed;
        }
        NodeProject project = new NodeProject(workDir);
        project.copy(sources);
        String version = project.requireTool("node", "--version").trim();
        project.requireTool(npm(), "--version");
        assertThat(Integer.parseInt(version.replaceFirst("^v(\\d+).*", "$1")))
                .as("Node.js major version (%s); %s needs %d or later", version, sources, nodeMajor)
                .isGreaterThanOrEqualTo(nodeMajor);
        Result npmCi = project.run(List.of(npm(), "ci", "--no-audit", "--no-fund"), Map.of(), INSTALL_TIMEOUT);
        assertThat(npmCi.exitCode()).as("npm ci in %s exited with %d:%n%s", workDir, npmCi.exitCode(), npmCi.output())
                .isZero();
        INSTALLED.put(workDir, project);
        return project;
    }

    /** The directory the project is installed in. */
    Path workDir() {
        return workDir;
    }

    /**
     * Runs {@code node <script>} with this environment added and asserts that all its steps passed; prints its
     * output either way.
     *
     * @param brokerOutput the server's output, shown when the script fails
     */
    void runScript(String script, Map<String, String> env, Duration timeout, Supplier<String> brokerOutput)
            throws Exception {
        Result result = run(List.of("node", script), env, timeout);
        System.out.println(result.output());
        assertThat(result.exitCode()).as("node %s exited with %d; its output:%n%s%nbroker output:%n%s", script,
                result.exitCode(), result.output(), tail(brokerOutput.get(), 60)).isZero();
        assertThat(result.output()).contains(PASSED);
    }

    /** A command's exit code (-1: killed after its timeout) and its output, stderr merged into stdout. */
    record Result(int exitCode, String output) {}

    /**
     * Runs a command in the work directory with its output in a file (no pipe to fill), killing it and its
     * children (a browser, say) when it outlives {@code timeout}.
     */
    Result run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        Path log = Files.createTempFile(workDir, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(killed after " + timeout
                        + ")");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            kill(p);
            Files.deleteIfExists(log);
        }
    }

    /** The last {@code lines} lines of {@code text}. */
    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /** Copies the project's files (not its directories, so never a stray node_modules) into the work directory. */
    private void copy(Path sources) throws IOException {
        Files.createDirectories(workDir);
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, workDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Runs {@code tool args}, failing the class with a clear message when it is not on the PATH. */
    private String requireTool(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(args));
        try {
            Result r = run(command, Map.of(), TOOL_TIMEOUT);
            if (r.exitCode() != 0) {
                fail("'%s' exited with %d: %s", String.join(" ", command), r.exitCode(), r.output());
            }
            return r.output();
        } catch (IOException e) {
            return fail("'%s' is not on the PATH (%s): the interop tests need Node.js and npm to run the npm clients "
                    + "(install them from https://nodejs.org or the system's package manager)", tool, e.getMessage());
        }
    }

    private static String npm() {
        return System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
