package org.softlookup;

import org.dflib.jjava.jupyter.Extension;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebookExtensionTest {

    static {
        SoftLookup.ensureReady();
    }

    @Test
    void jjavaFindsTheExtensionThroughServiceLoader() {
        assertTrue(ServiceLoader.load(Extension.class).stream()
                .anyMatch(p -> p.type() == NotebookExtension.class));
    }

    @Test
    void numbersShowFourSignificantDigits() {
        assertEquals("0.1235", NotebookExtension.number(0.123456));
        assertEquals("2.5", NotebookExtension.number(2.5));
        assertEquals("-1235", NotebookExtension.number(-1234.5678));
        assertEquals("0", NotebookExtension.number(0.0));
        assertEquals("1.000e-07", NotebookExtension.number(1e-7));
        assertEquals("−∞", NotebookExtension.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", NotebookExtension.number(Double.NaN));
    }

    @Test
    void matrixHtmlHasIndicesValuesAndShape() {
        String html = NotebookExtension.matrixHtml(Nd4j.create(new double[][] {{1, 0.5}, {-2, 1.0 / 3}}));
        assertTrue(html.contains("<th>0</th><th>1</th>"), html);
        assertTrue(html.contains("<tr><th>1</th><td>-2</td><td>0.3333</td></tr>"), html);
        assertTrue(html.contains("shape [2, 2], DOUBLE"), html);
        assertEquals("[     1,    0.5]\n[    -2, 0.3333]\nshape [2, 2], DOUBLE",
                NotebookExtension.matrixText(Nd4j.create(new double[][] {{1, 0.5}, {-2, 1.0 / 3}})));
    }

    @Test
    void largeMatricesAreCutAndSaySo() {
        INDArray big = Nd4j.zeros(40, 25);
        String html = NotebookExtension.matrixHtml(big);
        assertTrue(html.contains("10 more rows; 5 more columns not shown"), html);
        assertFalse(html.contains("<th>30</th>"));
        assertTrue(NotebookExtension.matrixText(big).endsWith("shape [40, 25], DOUBLE; 10 more rows; 5 more columns not shown"));
    }

    @Test
    void vectorsShowAsOneRow() {
        assertEquals("[1, 2, 3]\nshape [3], DOUBLE", NotebookExtension.matrixText(Nd4j.create(new double[] {1, 2, 3})));
    }

    @Test
    void tablesAreCutAtTheRowCapAndSaySo() {
        INDArray m = Nd4j.zeros(NotebookExtension.MAX_ROWS + 12, 2);
        String html = NotebookExtension.tableHtml(Tables.of(m, null, List.of("a", "b")));
        assertTrue(html.contains("… 12 more rows (42 in all)"), html);
        assertEquals(NotebookExtension.MAX_ROWS + 1, html.split("<tr>").length - 1, "header row + capped rows");
        String small = NotebookExtension.tableHtml(Tables.of(Nd4j.ones(2, 2), List.of("x", "y"), List.of("a", "b")));
        assertTrue(small.contains("<td>1.000</td>") && !small.contains("more rows"), small);
        assertTrue(NotebookExtension.tableText(Tables.of(Nd4j.ones(1, 1), List.of("x"), List.of("a"))).contains("1.000"));
    }

    @Test
    void chartsHaveATextFallbackThatNamesThem() {
        var chart = Charts.bars("Weights", List.of("a", "b"), new double[] {0.25, 0.75});
        assertEquals("[CategoryChart \"Weights\", " + chart.getWidth() + "×" + chart.getHeight() + "]",
                NotebookExtension.chartText(chart));
    }
}
