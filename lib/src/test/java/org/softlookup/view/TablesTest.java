package org.softlookup.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;
import tech.tablesaw.api.Table;

class TablesTest {

    @BeforeAll
    static void ready() {
        Setup.ensureReady();
    }

    @Test
    void aMatrixBecomesRowLabelsThenOneColumnPerMatrixColumn() {
        Table t = Tables.of(
                Nd4j.create(new double[][] {{0.5, 1.25}, {-2, 3}, {0, 1e-4}}),
                List.of("q1", "q2", "q3"),
                List.of("cat", "mat"));
        assertEquals(List.of(Tables.ROW_LABELS, "cat", "mat"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals(List.of("q1", "q2", "q3"), t.stringColumn(0).asList());
        assertEquals(-2.0, t.doubleColumn("cat").get(1), 0.0);
        assertEquals(1e-4, t.doubleColumn("mat").get(2), 0.0, "the table keeps the exact number; only printing rounds");
        assertEquals("1.250", t.getString(0, "mat"));
        assertEquals("-2.000", t.getString(1, "cat"));
        assertEquals("0.000", t.getString(2, "mat"));
    }

    @Test
    void decimalsCanBeChosen() {
        Table t = Tables.of(Nd4j.create(new double[][] {{Math.PI, 2}}), null, null, 5);
        assertEquals("3.14159", t.getString(0, "0"));
        assertEquals("2.00000", t.getString(0, "1"));
        assertEquals(
                "3",
                Tables.of(Nd4j.create(new double[][] {{Math.PI}}), null, null, 0)
                        .getString(0, "0"));
        assertRejects(() -> Tables.of(Nd4j.create(new double[][] {{1}}), null, null, -1), "decimals", "-1");
        assertRejects(() -> Tables.of(Nd4j.create(new double[][] {{1}}), null, null, 16), "decimals", "16");
    }

    @Test
    void aFormatOfItsOwnShowsTinyNumbersApart() {
        INDArray errors = Nd4j.create(new double[][] {{1.23e-7, 4.5e-12}, {0, Double.NaN}});
        Table t = Tables.of(errors, List.of("a", "b"), List.of("x", "y"), Numbers.pattern("0.0E0"));
        assertEquals(List.of("1.2E-7", "0"), List.of(t.getString(0, "x"), t.getString(1, "x")));
        assertEquals(List.of("4.5E-12", "NaN"), List.of(t.getString(0, "y"), t.getString(1, "y")));
        assertEquals("0.000000", Tables.of(errors, null, null, 6).getString(0, "0")); // what decimals would hide
        assertRejects(() -> Tables.of(errors, null, null, (java.text.DecimalFormat) null), "format", "null");
    }

    @Test
    void numbersPrintTheSameInEveryLanguageWithoutGrouping() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            Table t = Tables.of(Nd4j.create(new double[][] {{1234567.891, 0.5}}), null, null);
            assertEquals("1234567.891", t.getString(0, "0"));
            assertEquals("0.500", t.getString(0, "1"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void nanInfinityAndNegativeZeroPrintReadably() {
        Table t = Tables.of(
                Nd4j.create(new double[][] {{Double.NaN, Double.NEGATIVE_INFINITY, -0.0001, -0.0}}), null, null);
        assertEquals("NaN", t.getString(0, "0"), "Tablesaw would print a blank for NaN");
        assertEquals("-∞", t.getString(0, "1"));
        assertEquals("0.000", t.getString(0, "2"));
        assertEquals("0.000", t.getString(0, "3"));
    }

    @Test
    void nullLabelsCountFromZero() {
        Table t = Tables.of(Nd4j.zeros(DataType.DOUBLE, 2, 3), null, null);
        assertEquals(List.of(Tables.ROW_LABELS, "0", "1", "2"), t.columnNames());
        assertEquals(List.of("0", "1"), t.stringColumn(0).asList());
    }

    @Test
    void repeatedColumnLabelsAreNumberedReadably() {
        Table t = Tables.of(Nd4j.zeros(DataType.DOUBLE, 1, 6), null, List.of("the", "cat", "the", "The", "the#2", ""));
        assertEquals(List.of(Tables.ROW_LABELS, "the", "cat", "the#2", "The#3", "the#2#2", "#2"), t.columnNames());
        assertEquals(List.of("the", "the#2"), Tables.uniqueNames(List.of("the", "the")));
    }

    @Test
    void aVectorIsAOneRowTable() {
        Table t = Tables.of(Nd4j.create(new double[] {0.1, 0.7, 0.2}), List.of("weights"), List.of("a", "b", "c"));
        assertEquals(1, t.rowCount());
        assertEquals(4, t.columnCount());
        assertEquals("0.700", t.getString(0, "b"));
        assertEquals("weights", t.getString(0, Tables.ROW_LABELS));
    }

    @Test
    void printingGivesAlignedText() {
        Table t = Tables.of(
                Nd4j.create(new double[][] {{0.5, -12.25}, {100, 0}}),
                List.of("query one", "q2"),
                List.of("k", "a long key"));
        String text = t.print();
        String[] lines = text.split("\n");
        int width = lines[1].length();
        for (int i = 1; i < lines.length; i++) {
            assertEquals(width, lines[i].length(), "line " + i + " is not aligned:\n" + text);
        }
        assertTrue(text.contains("a long key") && text.contains("-12.250") && text.contains("query one"), text);
        int bar = lines[1].indexOf('|', lines[1].indexOf('|') + 1);
        for (int i = 3; i < lines.length; i++) {
            assertEquals('|', lines[i].charAt(bar), "column borders line up:\n" + text);
        }
    }

    @Test
    void badInputIsRejectedClearly() {
        assertRejects(
                () -> Tables.of(Nd4j.zeros(DataType.DOUBLE, 2, 3), List.of("a"), null), "rowLabels", "1", "2 rows");
        assertRejects(
                () -> Tables.of(Nd4j.zeros(DataType.DOUBLE, 2, 3), null, List.of("a", "b")),
                "colLabels",
                "2",
                "3 columns");
        assertRejects(() -> Tables.of(Nd4j.create(DataType.DOUBLE, 0, 3), null, null), "empty");
        assertRejects(() -> Tables.of(null, null, null), "matrix", "null");
        assertRejects(
                () -> Tables.of(Nd4j.zeros(DataType.DOUBLE, 2, 2), java.util.Arrays.asList("a", null), null),
                "rowLabels",
                "null");
    }

    @Test
    void aLookupTableShowsKeysAndTheirValues() {
        Map<String, double[]> table = new LinkedHashMap<>();
        table.put("cat", new double[] {1, 0, 0.5});
        table.put("mat", new double[] {0, 1, 0.25});
        Table t = Tables.lookup(table);
        assertEquals(List.of("key", "value[0]", "value[1]", "value[2]"), t.columnNames());
        assertEquals(List.of("cat", "mat"), t.stringColumn("key").asList());
        assertEquals("0.250", t.getString(1, "value[2]"));
    }

    @Test
    void aLookupOfNumbersHasOneValueColumn() {
        Table t = Tables.lookup(new TreeMap<>(Map.of("b", new double[] {2}, "a", new double[] {1})), 1);
        assertEquals(List.of("key", "value"), t.columnNames());
        assertEquals(List.of("a", "b"), t.stringColumn("key").asList());
        assertEquals("2.0", t.getString(1, "value"));
    }

    @Test
    void aLookupKeepsTheMapsOrderOrSortsWhenItHasNone() {
        Map<String, double[]> inserted = new LinkedHashMap<>();
        inserted.put("zebra", new double[] {1});
        inserted.put("apple", new double[] {2});
        assertEquals(
                List.of("zebra", "apple"),
                Tables.lookup(inserted).stringColumn("key").asList());
        Map<String, double[]> unordered =
                Map.of("zebra", new double[] {1}, "apple", new double[] {2}, "mango", new double[] {3});
        assertEquals(
                List.of("apple", "mango", "zebra"),
                Tables.lookup(unordered).stringColumn("key").asList());
    }

    @Test
    void anEmptyLookupIsAnEmptyTable() {
        Table t = Tables.lookup(Map.of());
        assertEquals(0, t.rowCount());
        assertEquals(List.of("key", "value"), t.columnNames());
    }

    @Test
    void aLookupRejectsRaggedOrMissingValues() {
        Map<String, double[]> ragged = new LinkedHashMap<>();
        ragged.put("cat", new double[] {1, 2});
        ragged.put("mat", new double[] {1});
        assertRejects(() -> Tables.lookup(ragged), "same length", "\"cat\" has 2", "\"mat\" has 1");
        Map<String, double[]> missing = new LinkedHashMap<>();
        missing.put("cat", null);
        assertRejects(() -> Tables.lookup(missing), "\"cat\"", "null");
        assertRejects(() -> Tables.lookup(null), "null");
    }
}
