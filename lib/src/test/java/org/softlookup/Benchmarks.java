package org.softlookup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The library's speed as a learner gets it, beside NumPy in the same command ({@code ./softlookup bench-lib}):
 * attention forward + backward ({@link AttentionBenchmark}) and one training step ({@link TrainingBenchmark}),
 * results left to the garbage collector as a notebook cell leaves them, in JVMs started with the kernel's own options
 * (system property {@code kernel.jvm.opts}, from the launcher, which writes the same into the kernelspec) and, for
 * comparison, the same options with the server compiler. NumPy's medians come from the file named by
 * {@code numpy.results}, written by tools/bench_numpy.py just before. JMH options may be passed (e.g. {@code -p n=64}).
 */
public final class Benchmarks {

    /** Hand-derived, left to the collector: what a cell does. SameDiff's autodiff only in the kernel's settings. */
    private static final String ALL = "(AttentionBenchmark\\.(handDerivedUnclosed|sameDiff|dgemm)"
            + "|TrainingBenchmark\\.(handDerived|sameDiff))$";

    private static final String HAND_ONLY =
            "(AttentionBenchmark\\.handDerivedUnclosed|TrainingBenchmark\\.handDerived)$";

    public static void main(String[] args) throws Exception {
        List<String> kernel = options(System.getProperty("kernel.jvm.opts", ""));
        List<String> server = kernel.stream()
                .filter(o -> !o.startsWith("-XX:TieredStopAtLevel"))
                .collect(Collectors.toList());
        Map<String, Double> inKernel = run(args, kernel, ALL), inServer = run(args, server, HAND_ONLY);
        Map<String, Double> numpy = numpyMedians(System.getProperty("numpy.results"));

        System.out.printf(
                "%nMedian ms per call, double precision, in one run on %d cores, Java %s; native settings "
                        + "GOMP_SPINCOUNT=%s GLIBC_TUNABLES=%s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getenv("GOMP_SPINCOUNT"),
                System.getenv("GLIBC_TUNABLES"));
        System.out.printf("kernel JVM: %s; server JVM: %s%n", String.join(" ", kernel), String.join(" ", server));
        System.out.printf("%nAttention forward + backward, d = 64, n = m, no mask%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            row(
                    n,
                    inKernel.get("attention n=" + n),
                    inServer.get("attention n=" + n),
                    numpy.get("attention n=" + n),
                    inKernel.get("attention sameDiff n=" + n));
        }
        System.out.printf("%nOne product q·kᵀ into a preallocated array (what both hand to OpenBLAS), d = 64%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            row(n, inKernel.get("attention dgemm n=" + n), null, numpy.get("product n=" + n), null);
        }
        System.out.printf("%nOne training step (forward, cross-entropy, backward, update of Wq, Wk, Wv), causal mask,"
                + " d_k = d_v = d_model%n");
        header("n x d_model");
        for (String size : List.of("16x16", "128x64")) {
            row(
                    size,
                    inKernel.get("step " + size),
                    inServer.get("step " + size),
                    numpy.get("step " + size),
                    inKernel.get("step sameDiff " + size));
        }
    }

    /** JMH's median per benchmark and size, keyed "attention n=64", "step 16x16", "step sameDiff 16x16", … */
    private static Map<String, Double> run(String[] args, List<String> jvm, String include) throws Exception {
        Map<String, Double> ms = new LinkedHashMap<>();
        var options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(include)
                .jvmArgs(jvm.toArray(String[]::new))
                .build();
        for (RunResult run : new Runner(options).run()) {
            String method = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            String kind = run.getParams().getBenchmark().contains("Attention") ? "attention" : "step";
            String size = kind.equals("attention")
                    ? "n=" + run.getParams().getParam("n")
                    : run.getParams().getParam("size");
            String key = kind
                    + (method.equals("handDerived") || method.equals("handDerivedUnclosed") ? " " : " " + method + " ")
                    + size;
            // The median, not the mean: on a shared machine one stalled iteration can double a mean.
            ms.put(key, run.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return ms;
    }

    private static void header(String size) {
        System.out.printf(
                "%-12s %14s %14s %12s %14s %14s %16s%n",
                size, "kernel JVM", "server JVM", "NumPy", "kernel/NumPy", "server/NumPy", "SameDiff, kernel");
    }

    private static void row(String size, Double kernel, Double server, Double numpy, Double sameDiff) {
        System.out.printf(
                "%-12s %14s %14s %12s %14s %14s %16s%n",
                size,
                cell(kernel),
                cell(server),
                cell(numpy),
                ratio(kernel, numpy),
                ratio(server, numpy),
                cell(sameDiff));
    }

    /** bench_numpy.py's lines "numpy attention n=64 d=64 median_ms=…", "numpy product …" and "numpy step …". */
    static Map<String, Double> numpyMedians(String file) throws IOException {
        Map<String, Double> medians = new LinkedHashMap<>();
        if (file == null || !Files.exists(Path.of(file))) {
            return medians;
        }
        Pattern attention = Pattern.compile("numpy (attention|product) n=(\\d+) d=64 median_ms=([0-9.]+).*");
        Pattern step = Pattern.compile("numpy step n=(\\d+) d_model=(\\d+) median_ms=([0-9.]+).*");
        for (String line : Files.readAllLines(Path.of(file))) {
            Matcher a = attention.matcher(line), s = step.matcher(line);
            if (a.matches()) {
                medians.put(a.group(1) + " n=" + a.group(2), Double.parseDouble(a.group(3)));
            } else if (s.matches()) {
                medians.put("step " + s.group(1) + "x" + s.group(2), Double.parseDouble(s.group(3)));
            }
        }
        return medians;
    }

    private static List<String> options(String s) {
        return new ArrayList<>(
                Arrays.asList(s.trim().isEmpty() ? new String[0] : s.trim().split("\\s+")));
    }

    private static String cell(Double millis) {
        return millis == null ? "-" : String.format("%.3f", millis);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format("%.2f×", a / b);
    }
}
