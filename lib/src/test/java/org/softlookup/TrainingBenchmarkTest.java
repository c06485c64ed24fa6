package org.softlookup;

import static org.softlookup.LinearTest.assertClose;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The benchmark compares like with like only if its SameDiff graph computes the step the library computes. */
class TrainingBenchmarkTest {

    @Test
    void theSameDiffStepHasTheHandDerivedGradientsAndUpdatesLikeIt() {
        TrainingBenchmark b = new TrainingBenchmark();
        b.size = "16x16";
        b.setUp();
        INDArray wq = b.wq.dup(), wk = b.wk.dup(), wv = b.wv.dup();
        SelfAttention.Result r = SelfAttention.forward(b.x, wq, wk, wv, b.mask);
        SelfAttention.WeightGradients hand =
                SelfAttention.weightGradients(r, CrossEntropy.gradient(r.output(), b.targets));
        Map<String, INDArray> auto = b.sameDiff();
        assertClose(auto.get("Wq"), hand.dWq(), 1e-9, "dWq");
        assertClose(auto.get("Wk"), hand.dWk(), 1e-9, "dWk");
        assertClose(auto.get("Wv"), hand.dWv(), 1e-9, "dWv");

        b.handDerived(); // one step of each moves the weights the same way
        GradientDescent.step(wq, hand.dWq(), TrainingBenchmark.LEARNING_RATE);
        assertClose(wq, b.wq, 1e-15, "Wq after a hand-derived step");
        assertClose(wq, b.graph.getVariable("Wq").getArr(), 1e-12, "Wq after a SameDiff step");
    }
}
