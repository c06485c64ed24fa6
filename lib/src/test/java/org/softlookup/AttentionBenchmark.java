package org.softlookup;

import java.util.Map;
import java.util.Random;
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
import org.softlookup.internal.Blas;

/**
 * Attention forward + backward in double precision, hand-derived ({@link Attention}) beside SameDiff's autodiff of
 * the same function, at d = 64 and n = m = 16 … 1024. Run by {@link Benchmarks} ({@code ./softlookup bench-lib}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // the JVM options come from Benchmarks, which runs this class
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
        return Blas.gemm(q, false, k, true, 1.0, 0.0, scores); // straight to OpenBLAS, as the library's products
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
}
