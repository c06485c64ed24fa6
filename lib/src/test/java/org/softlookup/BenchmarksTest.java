package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench_numpy.py's lines become the keys the tables look up: a line it no longer reads would leave a "-" there. */
class BenchmarksTest {

    @Test
    void everyKindOfNumPyLineGivesItsKey() {
        Map<String, Double> medians = Benchmarks.numpyMedians(List.of(
                "numpy attention n=64 d=64 median_ms=0.12345 numpy=2.4.6",
                "numpy product n=64 d=64 median_ms=0.01000 numpy=2.4.6",
                "numpy step n=16 d_model=16 median_ms=0.05000 numpy=2.4.6",
                "numpy layers 32x20x68 median_ms=2.10895 numpy=2.4.6",
                "something else"));
        assertEquals(
                Map.of("attention n=64", 0.12345, "product n=64", 0.01, "step 16x16", 0.05, "layers 32x20x68", 2.10895),
                medians);
    }
}
