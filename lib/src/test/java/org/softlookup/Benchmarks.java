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
 * attention forward + backward ({@link AttentionBenchmark}), one training step ({@link TrainingBenchmark}) and
 * lesson 08's training step of two attention layers ({@link LayerTrainingBenchmark}),
 * results left to the garbage collector as a notebook cell leaves them, in JVMs started with the kernel's own options
 * (system property {@code kernel.jvm.opts}, from the launcher, which writes the same into the kernelspec) and, for
 * comparison, the same options with the server compiler. A shared machine's speed drifts by tens of percent from one
 * minute to the next, so each case runs NumPy's version ({@code numpy.python} runs {@code numpy.script}, which checks
 * its gradients first) just before and just after the Java benchmarks of the same case, and the ratios are taken
 * against the mean of the two. NumPy runs twice each time: as a learner's Python runs it, and with the kernel's native
 * settings (glibc's malloc then reuses freed memory for NumPy too: its n = 1024 took a quarter to a third less).
 * JMH options may be passed (e.g. {@code -wi 2}).
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

    /** Lesson 08's step as the lesson writes it (closed) and left to the collector; the server JVM only the latter. */
    private static final String LAYERS = "LayerTrainingBenchmark\\.(handDerived|handDerivedUnclosed)$";

    private static final String LAYERS_HAND = "LayerTrainingBenchmark\\.handDerivedUnclosed$";

    /** One size of one benchmark: its JMH parameter, and the arguments that time the same in bench_numpy.py. */
    private record Case(String kernelInclude, String serverInclude, String param, String value, String numpyKind) {}

    private static final List<Case> CASES = List.of(
            new Case(ATTENTION, ATTENTION_HAND, "n", "16", "attention"),
            new Case(ATTENTION, ATTENTION_HAND, "n", "64", "attention"),
            new Case(ATTENTION, ATTENTION_HAND, "n", "256", "attention"),
            new Case(ATTENTION, ATTENTION_HAND, "n", "1024", "attention"),
            new Case(STEP, STEP_HAND, "size", "16x16", "step"),
            new Case(STEP, STEP_HAND, "size", "128x64", "step"),
            new Case(LAYERS, LAYERS_HAND, "size", "32x20x68", "layers"));

    public static void main(String[] args) throws Exception {
        List<String> kernel = options(System.getProperty("kernel.jvm.opts", ""));
        List<String> server = kernel.stream()
                .filter(o -> !o.startsWith("-XX:TieredStopAtLevel"))
                .collect(Collectors.toList());
        Map<String, Double> inKernel = new LinkedHashMap<>(), inServer = new LinkedHashMap<>();
        NumPy plain = new NumPy(), tuned = new NumPy();
        for (Case c : CASES) {
            // Symmetric in time, so that both NumPy means are centred on the Java runs.
            plain.before.putAll(numpy(c, false));
            tuned.before.putAll(numpy(c, true));
            inKernel.putAll(run(args, kernel, c.kernelInclude(), c));
            inServer.putAll(run(args, server, c.serverInclude(), c));
            tuned.after.putAll(numpy(c, true));
            plain.after.putAll(numpy(c, false));
        }

        System.out.printf(
                "%nMedian ms per call, double precision, on %d cores, Java %s; native settings %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                KernelJvm.NATIVE_SETTINGS.stream()
                        .map(s -> s + "=" + System.getenv(s))
                        .collect(Collectors.joining(" ")));
        System.out.printf("kernel JVM: %s; server JVM: %s%n", String.join(" ", kernel), String.join(" ", server));
        System.out.printf("NumPy: as a learner's Python runs it (none of the native settings); NumPy*: with the"
                + " same native settings%n(its malloc reuses freed memory too). Each timed just before and just after"
                + " the Java runs of its size;%nratios against the mean of the two%n");
        System.out.printf("%nAttention forward + backward, d = 64, n = m, no mask%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            String key = "attention n=" + n;
            row(n, inKernel.get(key), inServer.get(key), plain, tuned, key, inKernel.get("attention sameDiff n=" + n));
        }
        System.out.printf("%nThe same, every array closed as soon as it is used (try-with-resources), kernel JVM%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            String key = "attention n=" + n;
            row(n, inKernel.get("attention closed n=" + n), null, plain, tuned, key, null);
        }
        System.out.printf("%nOne product q·kᵀ into a preallocated array (what both hand to OpenBLAS), d = 64%n");
        header("n");
        for (String n : List.of("16", "64", "256", "1024")) {
            row(n, inKernel.get("attention dgemm n=" + n), null, plain, tuned, "product n=" + n, null);
        }
        System.out.printf("%nOne training step (forward, cross-entropy, backward, update of Wq, Wk, Wv), causal mask,"
                + " d_k = d_v = d_model%n");
        header("n x d_model");
        for (String size : List.of("16x16", "128x64")) {
            String key = "step " + size;
            row(size, inKernel.get(key), inServer.get(key), plain, tuned, key, inKernel.get("step sameDiff " + size));
        }
        System.out.printf("%nLesson 08's training step: two attention layers of one head, b = 32, n = 20, d_model = 68,"
                + " d_k = d_v = 16,%ncausal mask, unembedding [68, 24], cross-entropy at the scored positions,"
                + " backward, Adam on 9 arrays;%nleft to the collector, and closed as lesson 08's loop does%n");
        header("b x n x d");
        String layers = "layers 32x20x68";
        row("32x20x68", inKernel.get(layers), inServer.get(layers), plain, tuned, layers, null);
        row("closed", inKernel.get("layers closed 32x20x68"), null, plain, tuned, layers, null);
    }

    /** NumPy's medians in one environment, timed before and after the Java runs of each case. */
    private record NumPy(Map<String, Double> before, Map<String, Double> after) {
        NumPy() {
            this(new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        Double mean(String key) {
            Double b = before.get(key), a = after.get(key);
            return b == null || a == null ? null : (b + a) / 2;
        }

        String both(String key) {
            return mean(key) == null ? "-" : cell(before.get(key)) + ", " + cell(after.get(key));
        }
    }

    /**
     * NumPy's medians for one case, from bench_numpy.py run now: without the kernel's native settings (as a learner's
     * Python runs) or with them ({@code withSettings}).
     */
    private static Map<String, Double> numpy(Case c, boolean withSettings) throws IOException, InterruptedException {
        String python = System.getProperty("numpy.python"), script = System.getProperty("numpy.script");
        if (python == null || script == null) {
            return Map.of();
        }
        ProcessBuilder numpy = new ProcessBuilder(python, script, c.numpyKind(), c.value())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!withSettings) {
            numpy.environment().keySet().removeAll(KernelJvm.NATIVE_SETTINGS);
        }
        Process p = numpy.start();
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
            String benchmark = run.getParams().getBenchmark();
            String kind =
                    benchmark.contains("Attention") ? "attention" : benchmark.contains("Layer") ? "layers" : "step";
            String size = kind.equals("attention")
                    ? "n=" + run.getParams().getParam("n")
                    : run.getParams().getParam("size");
            String key = key(kind, method, size);
            // The median, not the mean: on a shared machine one stalled iteration can double a mean.
            ms.put(key, run.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return ms;
    }

    /**
     * "attention n=64" (left to the collector), "attention closed n=64", "step 16x16", "step sameDiff 16x16", "layers
     * 32x20x68", "layers closed 32x20x68".
     */
    private static String key(String kind, String method, String size) {
        String variant = switch (method) {
            case "handDerivedUnclosed" -> "";
            case "handDerived" -> kind.equals("step") ? "" : "closed ";
            default -> method + " ";
        };
        return kind + " " + variant + size;
    }

    private static void header(String size) {
        System.out.printf(
                "%-11s %10s %10s %18s %8s %8s %18s %9s %16s%n",
                size,
                "kernel JVM",
                "server JVM",
                "NumPy before/after",
                "kernel/",
                "server/",
                "NumPy*",
                "kernel/",
                "SameDiff, kernel");
        System.out.printf("%-11s %10s %10s %18s %8s %8s %18s %9s%n", "", "", "", "", "NumPy", "NumPy", "", "NumPy*");
    }

    private static void row(
            String size, Double kernel, Double server, NumPy plain, NumPy tuned, String key, Double sameDiff) {
        System.out.printf(
                "%-11s %10s %10s %18s %8s %8s %18s %9s %16s%n",
                size,
                cell(kernel),
                cell(server),
                plain.both(key),
                ratio(kernel, plain.mean(key)),
                ratio(server, plain.mean(key)),
                tuned.both(key),
                ratio(kernel, tuned.mean(key)),
                cell(sameDiff));
    }

    /**
     * bench_numpy.py's lines "numpy attention n=64 d=64 median_ms=…", "numpy product …", "numpy step …" and "numpy
     * layers 32x20x68 …".
     */
    static Map<String, Double> numpyMedians(List<String> lines) {
        Map<String, Double> medians = new LinkedHashMap<>();
        Pattern attention = Pattern.compile("numpy (attention|product) n=(\\d+) d=64 median_ms=([0-9.]+).*");
        Pattern step = Pattern.compile("numpy step n=(\\d+) d_model=(\\d+) median_ms=([0-9.]+).*");
        Pattern layers = Pattern.compile("numpy layers (\\d+x\\d+x\\d+) median_ms=([0-9.]+).*");
        for (String line : lines) {
            Matcher a = attention.matcher(line), s = step.matcher(line), l = layers.matcher(line);
            if (a.matches()) {
                medians.put(a.group(1) + " n=" + a.group(2), Double.parseDouble(a.group(3)));
            } else if (s.matches()) {
                medians.put("step " + s.group(1) + "x" + s.group(2), Double.parseDouble(s.group(3)));
            } else if (l.matches()) {
                medians.put("layers " + l.group(1), Double.parseDouble(l.group(2)));
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
