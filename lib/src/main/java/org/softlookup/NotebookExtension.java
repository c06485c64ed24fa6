package org.softlookup;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.controls.Controls;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;
import tech.tablesaw.io.html.HtmlWriter;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Base64;
import java.util.Map;

/**
 * Teaches the JJava kernel to show the library's objects: charts as PNG, tables and matrices as HTML, each with
 * a plain-text fallback, and adds the imports every lesson uses. JJava installs it when our jar is on its classpath.
 */
public final class NotebookExtension implements Extension {

    /** Rows and columns of a matrix, and rows of a table, shown before the rest is summarised. */
    static final int MAX_ROWS = 30, MAX_COLUMNS = 20;

    static final String IMPORTS = String.join("\n",
            "import org.softlookup.*;",
            "import org.softlookup.controls.*;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.api.buffer.DataType;",
            "import org.nd4j.linalg.ops.transforms.Transforms;",
            // JShell's own start-up imports these for lambdas and streams; JJava does not, so lessons would spell
            // out java.util.stream.IntStream.
            "import java.util.function.*;",
            "import java.util.stream.*;");

    @Override
    public void install(BaseKernel kernel) {
        SoftLookup.ensureReady();
        Controls.install(kernel);
        Renderer renderer = kernel.getRenderer();
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, ctx) -> renderPng(Charts.png(chart, 2), chart.getWidth(), chart.getHeight(),
                        chartText(chart), ctx));
        renderer.createRegistration(Charts.Grid.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((grid, ctx) -> renderPng(Charts.png(grid, 2), grid.width(), grid.height(),
                        "[" + grid.charts().size() + " charts]", ctx));
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> tableText(table));
                });
        renderer.createRegistration(INDArray.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((array, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> matrixHtml(array));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> matrixText(array));
                });
        kernel.eval(IMPORTS);
    }

    /**
     * Drawn at twice the size and shown at the chart's own size (Jupyter's width/height metadata): sharp text on
     * high-density screens, the same layout everywhere else.
     */
    private static void renderPng(byte[] png2x, int width, int height, String text, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.IMAGE_PNG, (type, out) -> out.putData(type,
                Base64.getEncoder().encodeToString(png2x), Map.of("width", width, "height", height)));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
    }

    static String chartText(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        return "[" + chart.getClass().getSimpleName() + title + ", " + chart.getWidth() + "×" + chart.getHeight() + "]";
    }

    /** Tablesaw's own HTML, cut to {@link #MAX_ROWS} rows with a line that says how many were left out. */
    static String tableHtml(Table table) {
        StringWriter html = new StringWriter();
        new HtmlWriter().write(table.first(MAX_ROWS), HtmlWriteOptions.builder(html).build());
        return html + (table.rowCount() > MAX_ROWS ? "<p><em>" + leftOut(table) + "</em></p>" : "");
    }

    static String tableText(Table table) {
        return table.first(MAX_ROWS).printAll() + (table.rowCount() > MAX_ROWS ? "\n" + leftOut(table) : "");
    }

    private static String leftOut(Table table) {
        return "… " + (table.rowCount() - MAX_ROWS) + " more rows (" + table.rowCount() + " in all)";
    }

    /** A matrix as a small HTML table: row and column indices, 4 significant digits, the shape underneath. */
    static String matrixHtml(INDArray array) {
        Corner c = Corner.of(array);
        if (c == null) {
            return "<pre>" + escape(array.toString()) + "</pre>";
        }
        int rows = c.cells.length, cols = c.cells[0].length;
        String moreColumns = c.columns > cols ? "<th>…</th>" : "";
        StringBuilder html = new StringBuilder("<table class=\"softlookup-matrix\">\n<thead><tr><th></th>");
        for (int j = 0; j < cols; j++) {
            html.append("<th>").append(j).append("</th>");
        }
        html.append(moreColumns).append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < rows; i++) {
            html.append("<tr><th>").append(i).append("</th>");
            for (int j = 0; j < cols; j++) {
                html.append("<td>").append(number(c.cells[i][j])).append("</td>");
            }
            html.append(c.columns > cols ? "<td>…</td>" : "").append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p><small>").append(shape(array)).append(c.summary()).append("</small></p>");
        return html.toString();
    }

    /** The same matrix as aligned text, for exports and terminals. */
    static String matrixText(INDArray array) {
        Corner c = Corner.of(array);
        if (c == null) {
            return array.toString();
        }
        int rows = c.cells.length, cols = c.cells[0].length;
        String[][] cells = new String[rows][cols];
        int width = 1;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                cells[i][j] = number(c.cells[i][j]);
                width = Math.max(width, cells[i][j].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : cells) {
            text.append("[");
            for (int j = 0; j < row.length; j++) {
                text.append(j == 0 ? "" : ", ").append(" ".repeat(width - row[j].length())).append(row[j]);
            }
            text.append(c.columns > cols ? ", …" : "").append("]\n");
        }
        return text.append(shape(array)).append(c.summary()).toString();
    }

    /**
     * The part of a matrix that is shown, at most {@link #MAX_ROWS} × {@link #MAX_COLUMNS}, copied on its own (a large
     * array is not read whole to show its corner), and the full size. A vector is one row, a scalar 1×1.
     */
    private record Corner(double[][] cells, long rows, long columns) {
        /** Null for an empty array or a rank above 2, which are shown as ND4J prints them. */
        static Corner of(INDArray array) {
            if (array.isEmpty() || array.rank() > 2) {
                return null;
            }
            INDArray m = array.rank() == 2 ? array : array.reshape(1, array.length());
            INDArray shown = m.get(NDArrayIndex.interval(0, Math.min(m.rows(), MAX_ROWS)),
                    NDArrayIndex.interval(0, Math.min(m.columns(), MAX_COLUMNS)));
            return new Corner(shown.toDoubleMatrix(), m.rows(), m.columns());
        }

        String summary() {
            String more = (rows > cells.length ? "; " + (rows - cells.length) + " more rows" : "")
                    + (columns > cells[0].length ? "; " + (columns - cells[0].length) + " more columns" : "");
            return more.isEmpty() ? "" : more + " not shown";
        }
    }

    private static String shape(INDArray array) {
        return "shape " + Check.shape(array) + ", " + array.dataType();
    }

    /** 4 significant digits, plain notation where it stays short, −∞ and ∞ as symbols. */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "−∞";
        }
        if (x == 0) {
            return "0";
        }
        double abs = Math.abs(x);
        if (abs >= 1e-4 && abs < 1e7) {
            return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "%.3e", x);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
