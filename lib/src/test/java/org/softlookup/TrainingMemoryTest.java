package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training loop written the way a learner writes it in a notebook cell: a fresh batch every step, forward, loss,
 * backward, update, and nothing closed. It must run 10,000 steps with flat memory, in a JVM set up like the
 * notebook kernel's.
 */
class TrainingMemoryTest {

    static final int STEPS = 10_000, EVERY = 500;

    /**
     * Lesson 07's task at a quarter of its batch: 8 sequences of 10 one-hot tokens (6 kinds) and one-hot positions,
     * "output the token two positions back", one head with d_k = 8 trained by plain gradient descent. Prints
     * "step N rss MB heap MB" every 500 steps, and the final loss and accuracy.
     */
    public static void main(String[] args) throws IOException {
        int sequences = 8, length = 10, tokens = 6, dModel = tokens + length, dk = 8;
        INDArray wq = Seeded.randn(1, dModel, dk).muli(0.1);
        INDArray wk = Seeded.randn(2, dModel, dk).muli(0.1);
        INDArray wv = Seeded.randn(3, dModel, tokens).muli(0.1);
        INDArray mask = Attention.causalMask(sequences, length);
        Random random = new Random(4);
        double loss = Double.NaN, accuracy = Double.NaN;
        for (int step = 1; step <= STEPS; step++) {
            double[][] x = new double[sequences * length][dModel];
            int[] targets = new int[sequences * length];
            for (int s = 0; s < sequences; s++) {
                int[] sequence = random.ints(length, 0, tokens).toArray();
                for (int i = 0; i < length; i++) {
                    x[s * length + i][sequence[i]] = 1;
                    x[s * length + i][tokens + i] = 1;
                    targets[s * length + i] = sequence[Math.max(0, i - 2)];
                }
            }
            SelfAttention.Result r = SelfAttention.forward(Nd4j.create(x), wq, wk, wv, mask);
            loss = CrossEntropy.of(r.output(), targets);
            accuracy = CrossEntropy.accuracy(r.output(), targets);
            SelfAttention.Gradients g = SelfAttention.backward(r, CrossEntropy.gradient(r.output(), targets));
            GradientDescent.step(wq, g.dWq(), 1.0);
            GradientDescent.step(wk, g.dWk(), 1.0);
            GradientDescent.step(wv, g.dWv(), 1.0);
            if (step % EVERY == 0) {
                Runtime rt = Runtime.getRuntime();
                System.out.printf(
                        "step %d rss %d heap %d%n",
                        step, residentBytes() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
            }
        }
        System.out.printf("loss %.6f accuracy %.4f%n", loss, accuracy);
    }

    /**
     * Runs {@link #main} in a JVM with the kernel's memory options and native settings (read from the launcher, so
     * they cannot drift apart) and checks the resident memory it reports.
     * <p>
     * The bound: from step 1,000 to step 10,000 the resident set may grow by at most 48 MB. A leak of the arrays of
     * one step would add about 0.3 MB a step (S, P, dP, dS are [80, 80], 51 KB each, besides the smaller ones): 2.7 GB
     * over the 9,000 steps; a leak of just one [80, 6] output a step would add 35 MB, and of X [80, 16] 92 MB. What
     * may move without a leak is small: heap pages the collector touches for the first time and malloc's arenas
     * settling, measured at a few MB on this loop.
     */
    @Test
    void aLearnersLoopOfTenThousandStepsRunsInFlatMemory() throws Exception {
        String last = runInFlatMemory(TrainingMemoryTest.class, "training memory");
        // The task is learnable by this loop (lesson 07's claim): a loop that does not learn proves nothing.
        Matcher end = Pattern.compile("loss ([0-9.]+) accuracy ([0-9.]+)").matcher(last);
        assertTrue(end.matches(), last);
        assertTrue(Double.parseDouble(end.group(2)) == 1.0, "accuracy after training: " + last);
    }

    /**
     * Runs a loop's {@code main} in a JVM set up as the kernel is, reads the "step N rss MB …" lines it prints every
     * {@link #EVERY} steps up to {@link #STEPS}, and checks the bound above; returns its last line (its result).
     */
    static String runInFlatMemory(Class<?> loop, String label) throws Exception {
        Process child = KernelJvm.running(loop).start();
        List<long[]> rss = new ArrayList<>(); // {step, MB}
        String last = "";
        StringBuilder output = new StringBuilder();
        Pattern memory = Pattern.compile("step (\\d+) rss (\\d+).*");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                System.out.println(label + ": " + line);
                Matcher m = memory.matcher(line);
                if (m.matches()) {
                    rss.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
                last = line;
            }
        }
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), "the training loop did not finish in 10 minutes");
        assertEquals(0, child.exitValue(), "the training loop failed:\n" + output);
        assertEquals(STEPS / EVERY, rss.size(), "one memory line every " + EVERY + " steps:\n" + output);

        long atThousand = rss.get(1000 / EVERY - 1)[1], atEnd = rss.get(rss.size() - 1)[1];
        long peakAfterThousand = rss.stream()
                .filter(r -> r[0] >= 1000)
                .mapToLong(r -> r[1])
                .max()
                .orElseThrow();
        System.out.printf(
                "%s: RSS %d MB at step 1,000, %d MB at step %,d, peak %d MB after step 1,000%n",
                label, atThousand, atEnd, STEPS, peakAfterThousand);
        assertTrue(atEnd - atThousand <= 48, "RSS grew from " + atThousand + " MB to " + atEnd + " MB");
        assertTrue(
                peakAfterThousand - atThousand <= 48,
                "RSS peaked at " + peakAfterThousand + " MB after " + atThousand + " MB at step 1,000");
        return last;
    }

    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return 1024 * Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
