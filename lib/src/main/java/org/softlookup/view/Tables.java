package org.softlookup.view;

import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Labelled tables of numbers (Tablesaw), for matrices and for lookup tables as a learner pictures them.
 * A table prints as aligned text ({@code toString()} and {@code print()}) and writes as HTML with the same numbers.
 */
public final class Tables {

    /** Decimals shown unless a caller asks for others. */
    public static final int DEFAULT_DECIMALS = 3;

    /** Name of the first column, which holds the row labels: blank, as in a matrix written on paper. */
    public static final String ROW_LABELS = "";

    private Tables() {}

    static {
        Setup.ensureReady(); // before the first INDArray is read
    }

    /**
     * A matrix as a table: a first column of row labels, then one column per matrix column, 3 decimals.
     * A vector becomes one row; null label lists mean 0, 1, 2, ...; repeated column labels become the, the#2.
     */
    public static Table of(INDArray matrix, List<String> rowLabels, List<String> colLabels) {
        return of(matrix, rowLabels, colLabels, DEFAULT_DECIMALS);
    }

    /**
     * Like {@link #of(INDArray, List, List)} with {@code decimals} digits after the point (0 to 15).
     * NaN prints as NaN, infinities as ∞ and -∞; a rounded -0.000 prints as 0.000 (see {@link Numbers}).
     */
    public static Table of(INDArray matrix, List<String> rowLabels, List<String> colLabels, int decimals) {
        checkDecimals(decimals);
        return of(matrix, rowLabels, colLabels, Numbers.decimals(decimals));
    }

    /**
     * Like {@link #of(INDArray, List, List)} with a format of its own, such as {@code Numbers.pattern("0.0E0")} for
     * numbers whose size matters more than their decimals (errors of 1e-7 and 1e-12 both round to 0.000000).
     */
    public static Table of(INDArray matrix, List<String> rowLabels, List<String> colLabels, DecimalFormat format) {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null: Numbers.pattern(\"0.0E0\"), for example");
        }
        double[][] a = Check.entriesByRow("matrix", matrix);
        int rows = a.length;
        int cols = a[0].length;
        List<String> rowNames = Labels.labels("rowLabels", rowLabels, rows, "rows");
        List<String> colNames = uniqueNames(Labels.labels("colLabels", colLabels, cols, "columns"));
        Table table = Table.create("");
        table.addColumns(StringColumn.create(ROW_LABELS, rowNames));
        for (int j = 0; j < cols; j++) {
            double[] column = new double[rows];
            for (int i = 0; i < rows; i++) {
                column[i] = a[i][j];
            }
            table.addColumns(numbers(colNames.get(j), column, format));
        }
        return table;
    }

    /**
     * A lookup table (a hashtable) as the learner thinks of it: a key column, then the value, one column per
     * entry of the value vectors (value[0], value[1], ...; just value when they have one entry). 3 decimals.
     */
    public static Table lookup(Map<String, double[]> table) {
        return lookup(table, DEFAULT_DECIMALS);
    }

    /**
     * Like {@link #lookup(Map)} with {@code decimals} digits after the point. Rows follow the map's order
     * if it has one (LinkedHashMap, TreeMap), else the keys' alphabetical order; an empty map gives no rows.
     */
    public static Table lookup(Map<String, double[]> table, int decimals) {
        checkDecimals(decimals);
        if (table == null) {
            throw new IllegalArgumentException("table must not be null (an empty map is fine)");
        }
        Map<String, double[]> rows = Labels.ordered(table);
        int width = -1;
        String first = null;
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("table has a null key: every key must be a string");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("table has no value (null) for key \"" + e.getKey() + "\"");
            }
            if (width < 0) {
                width = e.getValue().length;
                first = e.getKey();
            } else if (e.getValue().length != width) {
                throw new IllegalArgumentException("every value must have the same length, but \"" + first + "\" has "
                        + width + " entries and \"" + e.getKey() + "\" has " + e.getValue().length);
            }
        }
        width = Math.max(width, rows.isEmpty() ? 1 : 0);
        Table out = Table.create("");
        out.addColumns(StringColumn.create("key", new ArrayList<>(rows.keySet())));
        for (int j = 0; j < width; j++) {
            double[] column = new double[rows.size()];
            int i = 0;
            for (double[] value : rows.values()) {
                column[i++] = value[j];
            }
            out.addColumns(numbers(width == 1 ? "value" : "value[" + j + "]", column, Numbers.decimals(decimals)));
        }
        return out;
    }

    private static DoubleColumn numbers(String name, double[] values, DecimalFormat format) {
        DoubleColumn column = DoubleColumn.create(name, values);
        // Tablesaw stores NaN as "missing"; a learner should see NaN, not a blank.
        column.setPrintFormatter(new NumberColumnFormatter(format, "NaN"));
        return column;
    }

    /**
     * Labels made unique the way a reader would: a repeat gets #2, #3, ... Tablesaw compares column names
     * ignoring case, so "The" after "the" becomes "The#2" too. The blank row-label column counts as taken.
     */
    static List<String> uniqueNames(List<String> labels) {
        Set<String> taken = new HashSet<>();
        taken.add(ROW_LABELS.toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>();
        for (String label : labels) {
            String name = label;
            for (int k = 2; taken.contains(name.toLowerCase(Locale.ROOT)); k++) {
                name = label + "#" + k;
            }
            taken.add(name.toLowerCase(Locale.ROOT));
            out.add(name);
        }
        return out;
    }

    private static void checkDecimals(int decimals) {
        Numbers.decimals(decimals); // says what is wrong with it
    }
}
