package org.softlookup.notebook;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.internal.Check;
import org.softlookup.view.Numbers;

/**
 * A matrix as the kernel shows it: an HTML table with row and column indices and 4 significant digits, and the same
 * as aligned text; a large matrix shows its top-left corner and says how much is left out.
 */
final class Matrices {

    private Matrices() {}

    /** A matrix as a small HTML table: row and column indices, 4 significant digits, the shape underneath. */
    static String html(INDArray array) {
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
                html.append("<td>").append(Numbers.significant(c.cells[i][j])).append("</td>");
            }
            html.append(c.columns > cols ? "<td>…</td>" : "").append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p><small>")
                .append(shape(array))
                .append(c.summary())
                .append("</small></p>");
        return html.toString();
    }

    /** The same matrix as aligned text, for exports and terminals. */
    static String text(INDArray array) {
        Corner c = Corner.of(array);
        if (c == null) {
            return array.toString();
        }
        int rows = c.cells.length, cols = c.cells[0].length;
        String[][] cells = new String[rows][cols];
        int width = 1;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                cells[i][j] = Numbers.significant(c.cells[i][j]);
                width = Math.max(width, cells[i][j].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : cells) {
            text.append("[");
            for (int j = 0; j < row.length; j++) {
                text.append(j == 0 ? "" : ", ")
                        .append(" ".repeat(width - row[j].length()))
                        .append(row[j]);
            }
            text.append(c.columns > cols ? ", …" : "").append("]\n");
        }
        return text.append(shape(array)).append(c.summary()).toString();
    }

    /**
     * The part of a matrix that is shown, at most {@link NotebookExtension#MAX_ROWS} ×
     * {@link NotebookExtension#MAX_COLUMNS}, copied on its own (a large array is not read whole to show its corner),
     * and the full size. A vector is one row, a scalar 1×1.
     */
    private record Corner(double[][] cells, long rows, long columns) {
        /** Null for an empty array or a rank above 2, which are shown as ND4J prints them. */
        static Corner of(INDArray array) {
            if (array.isEmpty() || array.rank() > 2) {
                return null;
            }
            INDArray m = array.rank() == 2 ? array : array.reshape(1, array.length());
            INDArray shown = m.get(
                    NDArrayIndex.interval(0, Math.min(m.rows(), NotebookExtension.MAX_ROWS)),
                    NDArrayIndex.interval(0, Math.min(m.columns(), NotebookExtension.MAX_COLUMNS)));
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

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
