package org.softlookup;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lesson 08's model without its loss: two attention layers of one head each on a batch x [32, 20, 68] with the causal
 * mask, d_k = d_v = 16; forward through both, backward through layer 2 (with dX) and layer 1 (weights only). Run it
 * with the kernel's JVM options, e.g. {@code java -Xmx1g -Xmn32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp …
 * org.openjdk.jmh.Main LayerBenchmark -jvmArgs "…"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerBenchmark {

    static final int B = 32, N = 20, D_MODEL = 68, D_K = 16;
    INDArray x, mask, dOutput;
    List<AttentionLayer.Head> layer1, layer2;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        x = NaiveBatch.random(rnd, B, N, D_MODEL);
        dOutput = NaiveBatch.random(rnd, B, N, D_MODEL);
        mask = Attention.causalMask(N);
        layer1 = List.of(head(rnd));
        layer2 = List.of(head(rnd));
    }

    private static AttentionLayer.Head head(Random rnd) {
        return new AttentionLayer.Head(
                Naive.random(rnd, D_MODEL, D_K).muli(0.1),
                Naive.random(rnd, D_MODEL, D_K).muli(0.1),
                Naive.random(rnd, D_MODEL, D_K).muli(0.1),
                Naive.random(rnd, D_K, D_MODEL).muli(0.1));
    }

    /** As a learner writes it in a cell: every result left to the garbage collector. */
    @Benchmark
    public AttentionLayer.Gradients twoLayers() {
        AttentionLayer.Result r1 = AttentionLayer.forward(x, layer1, mask);
        AttentionLayer.Result r2 = AttentionLayer.forward(r1.output(), layer2, mask);
        AttentionLayer.Gradients g2 = AttentionLayer.backward(r2, dOutput);
        return AttentionLayer.weightGradients(r1, g2.dX());
    }

    /** The same with every array closed as soon as the step is done. */
    @Benchmark
    public double twoLayersClosed() {
        try (AttentionLayer.Result r1 = AttentionLayer.forward(x, layer1, mask);
                AttentionLayer.Result r2 = AttentionLayer.forward(r1.output(), layer2, mask);
                AttentionLayer.Gradients g2 = AttentionLayer.backward(r2, dOutput);
                AttentionLayer.Gradients g1 = AttentionLayer.weightGradients(r1, g2.dX())) {
            return g1.heads().get(0).dWq().getDouble(0, 0);
        }
    }
}
