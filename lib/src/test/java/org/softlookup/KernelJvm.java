package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started as the notebook kernel is: the launcher's JVM options and native settings, read from the launcher
 * itself so that a test and the kernelspec cannot drift apart, with the test classpath and a class to run.
 */
public final class KernelJvm {

    /** Read by ND4J's and OpenBLAS's native code at start-up: the launcher sets them for kernels and benchmarks. */
    public static final List<String> NATIVE_SETTINGS =
            List.of("GOMP_SPINCOUNT", "GLIBC_TUNABLES", "OPENBLAS_THREAD_TIMEOUT");

    private KernelJvm() {}

    /** A process running {@code main} with the kernel's options and native settings; output and errors merged. */
    public static ProcessBuilder running(Class<?> main, String... args) throws IOException {
        Path launcher = Path.of(System.getProperty("user.dir")).resolveSibling("softlookup");
        if (!Files.exists(launcher)) {
            launcher = Path.of(System.getProperty("user.dir"), "softlookup");
        }
        String script = Files.readString(launcher);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(
                launcherDefault(script, "KERNEL_JVM_OPTS=\"([^\"]+)\"").split(" ")));
        // the options the launcher gives a JDK that warns about javacpp's System.load and sun.misc.Unsafe (24+)
        int since = Integer.parseInt(launcherDefault(script, "\"\\$\\(java_version\\)\" -ge (\\d+)"));
        if (Runtime.version().feature() >= since) {
            command.addAll(Arrays.asList(launcherDefault(script, "\n  echo \"(--enable-native-access[^\"]+)\"")
                    .split(" ")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (String setting : NATIVE_SETTINGS) {
            pb.environment().put(setting, launcherDefault(script, setting + "=\"\\$\\{" + setting + ":-([^}]+)}\""));
        }
        return pb;
    }

    /** The launcher's default for a setting, found by a pattern with one group. */
    private static String launcherDefault(String script, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(script);
        assertTrue(m.find(), "the launcher has no line matching " + pattern);
        return m.group(1);
    }
}
