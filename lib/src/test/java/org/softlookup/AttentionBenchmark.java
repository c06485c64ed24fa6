package org.softlookup;

import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Attention forward + backward in double precision, hand-derived ({@link Attention}) beside SameDiff's autodiff of
 * the same function, at d = 64 and n = m = 16 … 1024. Run with {@code ./softlookup bench-lib}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx2g"})
public class AttentionBenchmark {

    @Param({"16", "64", "256", "1024"})
    public int n;

    static final int D = 64;

    INDArray q, k, v, dOutput, scores;
    SameDiff graph;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        q = Naive.random(rnd, n, D);
        k = Naive.random(rnd, n, D);
        v = Naive.random(rnd, n, D);
        dOutput = Naive.random(rnd, n, D);
        graph = AutoDiff.graph(q, k, v, null, 1 / Math.sqrt(D), dOutput);
        scores = Nd4j.createUninitialized(DataType.DOUBLE, n, n);
    }

    /**
     * The floor: one preallocated dgemm of q kᵀ (2·n·m·d flops). Forward and backward do six such products
     * (12·n·m·d flops), so no implementation can beat six times this.
     */
    @Benchmark
    public INDArray dgemm() {
        return Nd4j.gemm(q, k, scores, false, true, 1.0, 0.0);
    }

    /** As a training loop would run it: each step's arrays are closed when the step is done. */
    @Benchmark
    public double handDerived() {
        try (Attention.Result r = Attention.forward(q, k, v, null);
                Attention.Gradients g = Attention.backward(r, dOutput)) {
            return g.dQ().getDouble(0, 0) + g.dK().getDouble(0, 0) + g.dV().getDouble(0, 0);
        }
    }

    /** The same, leaving the arrays to the garbage collector. */
    @Benchmark
    public Attention.Gradients handDerivedUnclosed() {
        return Attention.backward(Attention.forward(q, k, v, null), dOutput);
    }

    @Benchmark
    public Map<String, INDArray> sameDiff() {
        return graph.calculateGradients(Map.of(), "Q", "K", "V");
    }

    /**
     * Runs the benchmarks (JMH options may be passed, e.g. {@code -p n=64 -i 3}) and prints a table of medians with
     * the floor.
     */
    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(AttentionBenchmark.class.getName())
                .build();
        Map<String, Map<String, Double>> ms = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        for (RunResult run : new Runner(options).run()) {
            String method = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            ms.computeIfAbsent(run.getParams().getParam("n"), x -> new TreeMap<>())
                    .put(method, run.getPrimaryResult().getStatistics().getPercentile(50));
        }
        // The median, not the mean: on a shared 2-core machine one stalled iteration can double a mean.
        System.out.printf(
                "%nAttention forward + backward, double, d = %d, n = m: median ms per call"
                        + " (fraction of the dgemm floor)%n",
                D);
        // The native settings change these numbers by up to 3×; ./softlookup sets them (see its comments).
        System.out.printf(
                "GOMP_SPINCOUNT=%s GLIBC_TUNABLES=%s%n",
                System.getenv("GOMP_SPINCOUNT"), System.getenv("GLIBC_TUNABLES"));
        System.out.printf(
                "%6s %22s %22s %22s %10s%n", "n", "hand-derived, closed", "hand-derived, GC", "SameDiff", "floor");
        ms.forEach((n, t) -> {
            double floor = 6 * t.getOrDefault("dgemm", Double.NaN);
            System.out.printf(
                    "%6s %22s %22s %22s %10.3f%n",
                    n,
                    cell(t.get("handDerived"), floor),
                    cell(t.get("handDerivedUnclosed"), floor),
                    cell(t.get("sameDiff"), floor),
                    floor);
        });
    }

    private static String cell(Double millis, double floor) {
        return millis == null ? "-" : String.format("%.3f (%3.0f%%)", millis, 100 * floor / millis);
    }
}
