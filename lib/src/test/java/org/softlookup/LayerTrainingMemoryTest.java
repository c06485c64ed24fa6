package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lesson 08's loop as a learner writes it: two attention layers over a batch of sequences, the unembedding,
 * cross-entropy on the scored positions, the backward pass layer by layer and Adam, with nothing closed. It must run
 * 10,000 steps in flat memory in a JVM set up like the kernel's, and learn the task.
 */
class LayerTrainingMemoryTest {

    static final int STEPS = TrainingMemoryTest.STEPS, EVERY = TrainingMemoryTest.EVERY;

    /** 8 sequences a step (a quarter of the lesson's batch); prints "step N rss MB" and the final test accuracy. */
    public static void main(String[] args) throws Exception {
        int d = Induction.D_MODEL, dk = 16;
        INDArray mask = Attention.causalMask(Induction.LENGTH);
        List<AttentionLayer.Head> first = List.of(head(10, d, dk)), second = List.of(head(20, d, dk));
        INDArray wu = Seeded.randn(30, d, Induction.VOCABULARY).muli(0.1);
        List<INDArray> params = new ArrayList<>(AttentionLayer.params(first));
        params.addAll(AttentionLayer.params(second));
        params.add(wu);
        Adam adam = new Adam(0.003);
        for (int step = 1; step <= STEPS; step++) {
            Induction.Batch b = Induction.batch(step, 8);
            AttentionLayer.Result r1 = AttentionLayer.forward(b.x(), first, mask);
            AttentionLayer.Result r2 = AttentionLayer.forward(r1.output(), second, mask);
            Linear.Result out = Linear.forward(r2.output(), wu);
            Linear.Gradients g =
                    Linear.backward(out, CrossEntropy.gradientAt(out.output(), b.positions(), b.targets()));
            AttentionLayer.Gradients g2 = AttentionLayer.backward(r2, g.dX());
            AttentionLayer.Gradients g1 = AttentionLayer.weightGradients(r1, g2.dX());
            List<INDArray> grads = new ArrayList<>(g1.list());
            grads.addAll(g2.list());
            grads.add(g.dW());
            adam.step(params, grads);
            if (step % EVERY == 0) {
                System.out.printf("step %d rss %d%n", step, TrainingMemoryTest.residentBytes() >> 20);
            }
        }
        Induction.Batch test = Induction.batch(1_000_000, 100);
        INDArray logits = Linear.forward(
                        AttentionLayer.forward(
                                        AttentionLayer.forward(test.x(), first, mask)
                                                .output(),
                                        second,
                                        mask)
                                .output(),
                        wu)
                .output();
        System.out.printf("accuracy %.4f%n", CrossEntropy.accuracyAt(logits, test.positions(), test.targets()));
    }

    private static AttentionLayer.Head head(long seed, int d, int dk) {
        return new AttentionLayer.Head(
                Seeded.randn(seed, d, dk).muli(0.1),
                Seeded.randn(seed + 1, d, dk).muli(0.1),
                Seeded.randn(seed + 2, d, dk).muli(0.1),
                Seeded.randn(seed + 3, dk, d).muli(0.1));
    }

    /**
     * The bound is {@link TrainingMemoryTest}'s: from step 1,000 to the end the resident set may grow by at most 48
     * MB. One step's arrays left behind would add about 1 MB a step here (the [8, 20, 68] stream and its gradient,
     * 43 KB each, in both layers, besides scores and weights [8, 20, 20]): gigabytes over 9,000 steps.
     */
    @Test
    void lessonEightsLoopOfTenThousandStepsRunsInFlatMemoryAndLearns() throws Exception {
        String last = TrainingMemoryTest.runInFlatMemory(LayerTrainingMemoryTest.class, "layer training memory");
        Matcher end = Pattern.compile("accuracy ([0-9.]+)").matcher(last);
        assertTrue(end.matches(), last);
        assertTrue(Double.parseDouble(end.group(1)) >= 0.95, "test accuracy after training: " + last);
    }
}
