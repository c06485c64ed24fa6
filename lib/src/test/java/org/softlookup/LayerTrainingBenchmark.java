package org.softlookup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
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

/**
 * Lesson 08's training step: one fixed batch of its task (Induction.batch, 32 sequences of 20, x [32, 20, 68]), two
 * attention layers of one head (d_k = d_v = 16) with the causal mask, the unembedding W_U [68, 24], cross-entropy at
 * the scored positions, backward (layer 1 weights only), Adam (η = 0.003) on all 9 arrays; tools/bench_numpy.py
 * ({@code layers 32x20x68}) times it in NumPy. Run by {@link Benchmarks} ({@code ./softlookup bench-lib}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // the JVM options come from Benchmarks, which runs this class
public class LayerTrainingBenchmark {

    /** b x n x d_model: the lesson's, the only size (its task fixes n and d_model). */
    @Param({"32x20x68"})
    public String size;

    static final int D_K = 16;
    static final double LEARNING_RATE = 0.003;

    Induction.Batch batch;
    INDArray mask, wu;
    List<AttentionLayer.Head> layer1, layer2;
    List<INDArray> params;
    Adam adam;

    @Setup
    public void setUp() {
        int b = Integer.parseInt(size.split("x")[0]);
        batch = Induction.batch(42, b);
        mask = Attention.causalMask(batch.length());
        layer1 = List.of(head(100));
        layer2 = List.of(head(200));
        wu = Seeded.randn(999, Induction.D_MODEL, Induction.VOCABULARY).muli(0.1);
        params = new ArrayList<>(AttentionLayer.params(layer1));
        params.addAll(AttentionLayer.params(layer2));
        params.add(wu);
        adam = new Adam(LEARNING_RATE);
    }

    /** As the lesson makes a head: weights 0.1·randn. */
    private static AttentionLayer.Head head(long seed) {
        int d = Induction.D_MODEL;
        return new AttentionLayer.Head(
                Seeded.randn(seed, d, D_K).muli(0.1),
                Seeded.randn(seed + 1, d, D_K).muli(0.1),
                Seeded.randn(seed + 2, d, D_K).muli(0.1),
                Seeded.randn(seed + 3, D_K, d).muli(0.1));
    }

    /** As lesson 08's loop writes it: every array of the step closed once Adam has used the gradients. */
    @Benchmark
    public double handDerived() {
        int[] positions = batch.positions(), targets = batch.targets();
        try (AttentionLayer.Result r1 = AttentionLayer.forward(batch.x(), layer1, mask);
                AttentionLayer.Result r2 = AttentionLayer.forward(r1.output(), layer2, mask);
                Linear.Result out = Linear.forward(r2.output(), wu);
                INDArray dLogits = CrossEntropy.gradientAt(out.output(), positions, targets);
                Linear.Gradients unembed = Linear.backward(out, dLogits);
                AttentionLayer.Gradients g2 = AttentionLayer.backward(r2, unembed.dX());
                AttentionLayer.Gradients g1 = AttentionLayer.weightGradients(r1, g2.dX())) {
            double loss = CrossEntropy.at(out.output(), positions, targets);
            adam.step(params, gradients(g1, g2, unembed));
            return loss;
        }
    }

    /** The same step as a learner may write it in a cell: every result left to the garbage collector. */
    @Benchmark
    public double handDerivedUnclosed() {
        int[] positions = batch.positions(), targets = batch.targets();
        AttentionLayer.Result r1 = AttentionLayer.forward(batch.x(), layer1, mask);
        AttentionLayer.Result r2 = AttentionLayer.forward(r1.output(), layer2, mask);
        Linear.Result out = Linear.forward(r2.output(), wu);
        double loss = CrossEntropy.at(out.output(), positions, targets);
        Linear.Gradients unembed = Linear.backward(out, CrossEntropy.gradientAt(out.output(), positions, targets));
        AttentionLayer.Gradients g2 = AttentionLayer.backward(r2, unembed.dX());
        AttentionLayer.Gradients g1 = AttentionLayer.weightGradients(r1, g2.dX());
        adam.step(params, gradients(g1, g2, unembed));
        return loss;
    }

    /** The 9 gradients in the order of params: layer 1's, layer 2's, dW_U. */
    private static List<INDArray> gradients(
            AttentionLayer.Gradients g1, AttentionLayer.Gradients g2, Linear.Gradients unembed) {
        List<INDArray> grads = new ArrayList<>(g1.list());
        grads.addAll(g2.list());
        grads.add(unembed.dW());
        return grads;
    }
}
