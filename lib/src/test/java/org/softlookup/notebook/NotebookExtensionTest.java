package org.softlookup.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;
import org.softlookup.view.Charts;
import org.softlookup.view.Tables;
import tech.tablesaw.api.Table;

class NotebookExtensionTest {

    static {
        Setup.ensureReady();
    }

    @Test
    void jjavaFindsTheExtensionThroughServiceLoader() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == NotebookExtension.class));
    }

    @Test
    void aTableShowsAsTheSameTextAsItPrints() {
        Table t = Tables.of(
                Nd4j.create(new double[][] {{0.5, -12.25}, {100, 0}}),
                List.of("query one", "q2"),
                List.of("k", "a long key"));
        assertEquals(t.print(), NotebookExtension.tableText(t), "plain notebook output shows the same text");
    }

    @Test
    void matrixHtmlHasIndicesValuesAndShape() {
        String html = Matrices.html(Nd4j.create(new double[][] {{1, 0.5}, {-2, 1.0 / 3}}));
        assertTrue(html.contains("<th>0</th><th>1</th>"), html);
        assertTrue(html.contains("<tr><th>1</th><td>-2</td><td>0.3333</td></tr>"), html);
        assertTrue(html.contains("shape [2, 2], DOUBLE"), html);
        assertEquals(
                "[     1,    0.5]\n[    -2, 0.3333]\nshape [2, 2], DOUBLE", Matrices.text(Nd4j.create(new double[][] {
                    {1, 0.5}, {-2, 1.0 / 3}
                })));
    }

    @Test
    void largeMatricesAreCutAndSaySo() {
        INDArray big = Nd4j.zeros(40, 25);
        String html = Matrices.html(big);
        assertTrue(html.contains("10 more rows; 5 more columns not shown"), html);
        assertFalse(html.contains("<th>30</th>"));
        assertTrue(Matrices.text(big).endsWith("shape [40, 25], DOUBLE; 10 more rows; 5 more columns not shown"));
    }

    @Test
    void vectorsShowAsOneRow() {
        assertEquals("[1, 2, 3]\nshape [3], DOUBLE", Matrices.text(Nd4j.create(new double[] {1, 2, 3})));
    }

    @Test
    void tablesAreCutAtTheRowCapAndSaySo() {
        INDArray m = Nd4j.zeros(NotebookExtension.MAX_ROWS + 12, 2);
        String html = NotebookExtension.tableHtml(Tables.of(m, null, List.of("a", "b")));
        assertTrue(html.contains("… 12 more rows (42 in all)"), html);
        assertEquals(NotebookExtension.MAX_ROWS + 1, html.split("<tr>").length - 1, "header row + capped rows");
        String small = NotebookExtension.tableHtml(Tables.of(Nd4j.ones(2, 2), List.of("x", "y"), List.of("a", "b")));
        assertTrue(small.contains("<td>1.000</td>") && !small.contains("more rows"), small);
        assertTrue(NotebookExtension.tableText(Tables.of(Nd4j.ones(1, 1), List.of("x"), List.of("a")))
                .contains("1.000"));
    }

    @Test
    void chartsHaveATextFallbackThatNamesThem() {
        var chart = Charts.bars("Weights", List.of("a", "b"), new double[] {0.25, 0.75});
        assertEquals(
                "[CategoryChart \"Weights\", " + chart.getWidth() + "×" + chart.getHeight() + "]",
                NotebookExtension.chartText(chart));
    }
}
