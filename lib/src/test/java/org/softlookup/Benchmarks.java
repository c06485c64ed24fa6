package org.softlookup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The library's speed as a learner gets it, beside NumPy in the same minutes ({@code ./softlookup bench-lib}):
 * attention forward + backward ({@link AttentionBenchmark}) and one training step ({@link TrainingBenchmark}),
 * results left to the garbage collector as a notebook cell leaves them, in JVMs started with the kernel's own options
 * (system property {@code kernel.jvm.opts}, from the launcher, which writes the same into the kernelspec) and, for
 * comparison, the same options with the server compiler. A shared machine's speed drifts by tens of percent from one
 * minute to the next, so each case runs NumPy's version ({@code numpy.python} runs {@code numpy.script}, which checks
 * its gradients first) just before and just after the Java benchmarks of the same case, and the ratios are taken
 * against the mean of the two. JMH options may be passed (e.g. {@code -wi 2}).
 */
public final class Benchmarks {

    /**
     * Hand-derived, left to the collector: what a cell does; attention also closed as soon as used, as the lessons'
     * training loops do. SameDiff's autodiff and the closed variant only in the kernel's settings.
     */
    private static final String ATTENTION = "AttentionBenchmark\\.(handDerived|handDerivedUnclosed|sameDiff|dgemm)$";

    private static final String ATTENTION_HAND = "AttentionBenchmark\\.handDerivedUnclosed$";
    private static final String STEP = "TrainingBenchmark\\.(handDerived|sameDiff)$";
    private static final String STEP_HAND = "TrainingBenchmark\\.handDerived$";

    /** One size of one benchmark: its JMH parameter, and the arguments that time the same in bench_numpy.py. */
    private record Case(String kernelInclude, String serverInclude, String param, String value, String numpyKind) {}

    private static final List<Case> CASES = List.of(
            new Case(ATTENTION, ATTENTION_HAND, "n", "16", "attention"),
            new Case(ATTENTION, ATTENTION_HAND, "n", "64", "attention"),
            new Case(ATTENTION, ATTENTION_HAND, "n", "256", "attention"),
            new Case(ATTENTION, ATTENTION_HAND, "n", "1024", "attention"),
            new Case(STEP, STEP_HAND, "size", "16x16", "step"),
            new Case(STEP, STEP_HAND, "size", "128x64", "step"));

    public static void main(String[] args) throws Exception {
        List<String> kernel = options(System.getProperty("kernel.jvm.opts", ""));
        List<String> server = kernel.stream()
                .filter(o -> !o.startsWith("-XX:TieredStopAtLevel"))
                .collect(Collectors.toList());
        Map<String, Double> inKernel = new LinkedHashMap<>(), inServer = new LinkedHashMap<>();
        Map<String, Double> before = new LinkedHashMap<>(), after = new LinkedHashMap<>();
        for (Case c : CASES) {
            before.putAll(numpy(c));
            inKernel.putAll(run(args, kernel, c.kernelInclude(), c));
            inServer.putAll(run(args, server, c.serverInclude(), c));
            after.putAll(numpy(c));
        }

        System.out.printf(
                "%nMedian ms per call, double precision, on %d cores, Java %s; native settings "
                        + "GOMP_SPINCOUNT=%s GLIBC_TUNABLES=%s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getenv("GOMP_SPINCOUNT"),
                System.getenv("GLIBC_TUNABLES"));
        System.out.printf("kernel JVM: %s; server JVM: %s%n", String.join(" ", kernel), String.join(" ", server));
        System.out.printf("NumPy timed just before and just after each size; ratios against the mean of the two%n");
        System.out.printf("%nAttention forward + backward, d = 64, n = m, no mask%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            String key = "attention n=" + n;
            row(
                    n,
                    inKernel.get(key),
                    inServer.get(key),
                    before.get(key),
                    after.get(key),
                    inKernel.get("attention sameDiff n=" + n));
        }
        System.out.printf("%nThe same, every array closed as soon as it is used (try-with-resources), kernel JVM%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            String key = "attention n=" + n;
            row(n, inKernel.get("attention closed n=" + n), null, before.get(key), after.get(key), null);
        }
        System.out.printf("%nOne product q·kᵀ into a preallocated array (what both hand to OpenBLAS), d = 64%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            String key = "product n=" + n;
            row(n, inKernel.get("attention dgemm n=" + n), null, before.get(key), after.get(key), null);
        }
        System.out.printf("%nOne training step (forward, cross-entropy, backward, update of Wq, Wk, Wv), causal mask,"
                + " d_k = d_v = d_model%n");
        header("n x d_model");
        for (String size : List.of("16x16", "128x64")) {
            String key = "step " + size;
            row(
                    size,
                    inKernel.get(key),
                    inServer.get(key),
                    before.get(key),
                    after.get(key),
                    inKernel.get("step sameDiff " + size));
        }
    }

    /** NumPy's medians for one case, from bench_numpy.py run now. */
    private static Map<String, Double> numpy(Case c) throws IOException, InterruptedException {
        String python = System.getProperty("numpy.python"), script = System.getProperty("numpy.script");
        if (python == null || script == null) {
            return Map.of();
        }
        Process p = new ProcessBuilder(python, script, c.numpyKind(), c.value())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(script + " " + c.numpyKind() + " " + c.value() + " failed: " + lines);
        }
        lines.forEach(System.out::println);
        return numpyMedians(lines);
    }

    /** JMH's median per benchmark of one case, keyed "attention n=64", "step 16x16", "step sameDiff 16x16", … */
    private static Map<String, Double> run(String[] args, List<String> jvm, String include, Case c) throws Exception {
        Map<String, Double> ms = new LinkedHashMap<>();
        var options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(include)
                .param(c.param(), c.value())
                .jvmArgs(jvm.toArray(String[]::new))
                .build();
        for (RunResult run : new Runner(options).run()) {
            String method = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            String kind = run.getParams().getBenchmark().contains("Attention") ? "attention" : "step";
            String size = kind.equals("attention")
                    ? "n=" + run.getParams().getParam("n")
                    : run.getParams().getParam("size");
            String key = key(kind, method, size);
            // The median, not the mean: on a shared machine one stalled iteration can double a mean.
            ms.put(key, run.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return ms;
    }

    /** "attention n=64" (left to the collector), "attention closed n=64", "step 16x16", "step sameDiff 16x16", … */
    private static String key(String kind, String method, String size) {
        String variant = switch (method) {
            case "handDerivedUnclosed" -> "";
            case "handDerived" -> kind.equals("attention") ? "closed " : "";
            default -> method + " ";
        };
        return kind + " " + variant + size;
    }

    private static void header(String size) {
        System.out.printf(
                "%-12s %12s %12s %20s %14s %14s %16s%n",
                size,
                "kernel JVM",
                "server JVM",
                "NumPy before, after",
                "kernel/NumPy",
                "server/NumPy",
                "SameDiff, kernel");
    }

    private static void row(String size, Double kernel, Double server, Double before, Double after, Double sameDiff) {
        Double numpy = before == null || after == null ? null : (before + after) / 2;
        System.out.printf(
                "%-12s %12s %12s %20s %14s %14s %16s%n",
                size,
                cell(kernel),
                cell(server),
                numpy == null ? "-" : cell(before) + ", " + cell(after),
                ratio(kernel, numpy),
                ratio(server, numpy),
                cell(sameDiff));
    }

    /** bench_numpy.py's lines "numpy attention n=64 d=64 median_ms=…", "numpy product …" and "numpy step …". */
    static Map<String, Double> numpyMedians(List<String> lines) {
        Map<String, Double> medians = new LinkedHashMap<>();
        Pattern attention = Pattern.compile("numpy (attention|product) n=(\\d+) d=64 median_ms=([0-9.]+).*");
        Pattern step = Pattern.compile("numpy step n=(\\d+) d_model=(\\d+) median_ms=([0-9.]+).*");
        for (String line : lines) {
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
