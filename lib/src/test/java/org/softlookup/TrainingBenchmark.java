package org.softlookup;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
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

/**
 * One self-attention training step (forward, softmax cross-entropy, backward, gradient descent on Wq, Wk, Wv) with a
 * causal mask and d_k = d_v = d_model, by the library's hand-derived gradients beside SameDiff's autodiff of the same
 * step; tools/bench_numpy.py times it in NumPy. Run by {@link Benchmarks} ({@code ./softlookup bench-lib}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // the JVM options come from Benchmarks, which runs this class
public class TrainingBenchmark {

    /** n x d_model: lesson-sized, and a size where the products dominate. */
    @Param({"16x16", "128x64"})
    public String size;

    static final double LEARNING_RATE = 0.1;

    INDArray x, wq, wk, wv, mask;
    int[] targets;
    SameDiff graph;

    @Setup
    public void setUp() {
        int n = Integer.parseInt(size.split("x")[0]), d = Integer.parseInt(size.split("x")[1]);
        Random rnd = new Random(42);
        x = Naive.random(rnd, n, d);
        wq = Naive.randomWeights(rnd, d, d);
        wk = Naive.randomWeights(rnd, d, d);
        wv = Naive.randomWeights(rnd, d, d);
        mask = Attention.causalMask(n);
        targets = rnd.ints(n, 0, d).toArray();
        graph = sameDiffStep(x, wq, wk, wv, mask, targets);
    }

    /**
     * As a learner writes it in a cell: every result left to the garbage collector. X is data, so only the weights'
     * gradients are computed, as lesson 07's loop and NumPy's step do.
     */
    @Benchmark
    public SelfAttention.WeightGradients handDerived() {
        SelfAttention.Result r = SelfAttention.forward(x, wq, wk, wv, mask);
        SelfAttention.WeightGradients g = SelfAttention.weightGradients(r, CrossEntropy.gradient(r.output(), targets));
        GradientDescent.step(wq, g.dWq(), LEARNING_RATE);
        GradientDescent.step(wk, g.dWk(), LEARNING_RATE);
        GradientDescent.step(wv, g.dWv(), LEARNING_RATE);
        return g;
    }

    /** The same step with every array closed as soon as it is used. */
    @Benchmark
    public double handDerivedClosed() {
        try (SelfAttention.Result r = SelfAttention.forward(x, wq, wk, wv, mask);
                INDArray dO = CrossEntropy.gradient(r.output(), targets);
                SelfAttention.WeightGradients g = SelfAttention.weightGradients(r, dO)) {
            GradientDescent.step(wq, g.dWq(), LEARNING_RATE);
            GradientDescent.step(wk, g.dWk(), LEARNING_RATE);
            GradientDescent.step(wv, g.dWv(), LEARNING_RATE);
            return wq.getDouble(0, 0);
        }
    }

    /** SameDiff's gradients of the same graph, then the same in-place update of its variables. */
    @Benchmark
    public Map<String, INDArray> sameDiff() {
        Map<String, INDArray> g = graph.calculateGradients(Map.of(), "Wq", "Wk", "Wv");
        for (String w : g.keySet()) {
            GradientDescent.step(graph.getVariable(w).getArr(), g.get(w), LEARNING_RATE);
        }
        return g;
    }

    /** The step as a SameDiff graph: L = −(1/n) Σ onehot ⊙ log softmax(O), O the self-attention of the constant X. */
    static SameDiff sameDiffStep(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, int[] targets) {
        INDArray onehot = Nd4j.zeros(DataType.DOUBLE, x.rows(), wv.columns());
        for (int i = 0; i < targets.length; i++) {
            onehot.putScalar(i, targets[i], 1.0);
        }
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", x.dup());
        SDVariable Q = X.mmul(sd.var("Wq", wq.dup())), K = X.mmul(sd.var("Wk", wk.dup()));
        SDVariable V = X.mmul(sd.var("Wv", wv.dup()));
        SDVariable S = sd.mmul(Q, K, false, true, false)
                .mul(1 / Math.sqrt(wq.columns()))
                .add(sd.constant(Attention.maskBias(mask)));
        SDVariable O = sd.nn.softmax(S, 1).mmul(V);
        sd.setLossVariables(sd.nn.logSoftmax(O).mul(sd.constant(onehot)).sum().mul(-1.0 / targets.length));
        return sd;
    }
}
