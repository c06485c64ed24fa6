package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.LinearTest.assertClose;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The benchmark times lesson 08's training step only if it is one: its first step moves every weight against its own
 * gradient (computed here as the lesson's loop does), its two variants take the same steps, and its steps lower the
 * loss of its batch.
 */
class LayerTrainingBenchmarkTest {

    private static LayerTrainingBenchmark started() {
        LayerTrainingBenchmark b = new LayerTrainingBenchmark();
        b.size = "32x20x68";
        b.setUp();
        return b;
    }

    @Test
    void itsFirstStepMovesEveryWeightByAdamsFirstStepAgainstItsOwnGradient() {
        LayerTrainingBenchmark b = started();
        List<INDArray> before = b.params.stream().map(INDArray::dup).toList();
        // the gradients as lesson 08's loop collects them: the unembedding's, then each layer's in front, last first
        AttentionLayer.Result r1 = AttentionLayer.forward(b.batch.x(), b.layer1, b.mask);
        AttentionLayer.Result r2 = AttentionLayer.forward(r1.output(), b.layer2, b.mask);
        Linear.Result out = Linear.forward(r2.output(), b.wu);
        Linear.Gradients unembed =
                Linear.backward(out, CrossEntropy.gradientAt(out.output(), b.batch.positions(), b.batch.targets()));
        List<INDArray> grads = new ArrayList<>(List.of(unembed.dW()));
        AttentionLayer.Gradients g2 = AttentionLayer.backward(r2, unembed.dX());
        grads.addAll(0, g2.list());
        grads.addAll(0, AttentionLayer.weightGradients(r1, g2.dX()).list());

        b.handDerived();
        for (int k = 0; k < before.size(); k++) { // Adam's first step: m̂ = g, v̂ = g², so θ moves by η g / (|g| + ε)
            INDArray g = grads.get(k);
            INDArray expected = before.get(k)
                    .sub(g.div(Transforms.abs(g).add(Adam.EPSILON)).mul(LayerTrainingBenchmark.LEARNING_RATE));
            assertClose(expected, b.params.get(k), 1e-12, "params[" + k + "] after one step");
        }
    }

    @Test
    void theClosedAndUnclosedStepsMoveTheWeightsAlike() {
        LayerTrainingBenchmark closed = started(), unclosed = started();
        for (int step = 0; step < 3; step++) {
            assertEquals(closed.handDerived(), unclosed.handDerivedUnclosed(), 1e-12, "loss at step " + step);
        }
        for (int k = 0; k < closed.params.size(); k++) {
            assertClose(closed.params.get(k), unclosed.params.get(k), 1e-12, "params[" + k + "] after 3 steps");
        }
    }

    @Test
    void itsStepsLowerTheLossOfItsBatch() {
        LayerTrainingBenchmark b = started();
        double first = b.handDerived(), last = first;
        for (int step = 0; step < 100; step++) {
            last = b.handDerived();
        }
        assertEquals(9, b.params.size());
        assertTrue(last < first - 0.5, "loss " + first + " → " + last + " after 100 steps of Adam on one batch");
    }
}
