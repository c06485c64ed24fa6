package org.softlookup.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.None;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

class ChartsTest {

    private static final List<String> KEYS = List.of("the", "cat", "sat", "on", "mat");

    @BeforeAll
    static void ready() {
        Setup.ensureReady();
    }

    // ------------------------------------------------------------------ heatmap orientation and palettes

    @ParameterizedTest(name = "hot cell at row {2}, column {3} of {0} x {1}")
    @CsvSource({"3, 4, 0, 2", "3, 4, 2, 0", "3, 4, 1, 3", "2, 5, 1, 1", "5, 2, 0, 1"})
    void theHotCellIsDrawnWhereTheMatrixHasIt(int rows, int cols, int row, int col) throws IOException {
        double[][] m = new double[rows][cols];
        m[row][col] = 1;
        BufferedImage image = image(Charts.png(Charts.heatmapWeights(Nd4j.create(m), null, null, "one hot")));
        Color hot = Style.SEQUENTIAL[Style.SEQUENTIAL.length - 1];
        Color cold = Style.SEQUENTIAL[0];

        Rectangle cell = largestBlob(image, rgb -> rgb == hot.getRGB());
        assertTrue(cell.width > 20 && cell.height > 20, "hot cell not found: " + cell);
        // Walk from the hot cell a whole cell at a time: there must be exactly `col` cold cells to its left,
        // `row` above, and the rest of the matrix to its right and below; one step further is outside.
        int cx = cell.x + cell.width / 2;
        int cy = cell.y + cell.height * 4 / 5; // under the printed number
        for (int dc = -cols; dc <= cols; dc++) {
            int c = col + dc;
            boolean inside = c >= 0 && c < cols;
            if (dc != 0) {
                assertEquals(
                        inside,
                        isColor(image, cx + dc * cell.width, cy, cold),
                        "column " + c + " of row " + row + (inside ? " should" : " should not") + " be a cold cell");
            }
        }
        for (int dr = -rows; dr <= rows; dr++) {
            int r = row + dr;
            boolean inside = r >= 0 && r < rows;
            if (dr != 0) {
                assertEquals(
                        inside,
                        isColor(image, cx, cy + dr * cell.height, cold),
                        "row " + r + " of column " + col + (inside ? " should" : " should not") + " be a cold cell");
            }
        }
    }

    @Test
    void heatmapCellsAreSquare() throws IOException {
        BufferedImage image = image(Charts.png(Charts.heatmapWeights(
                Nd4j.create(new double[][] {{0, 1, 0, 0, 0}}), null, KEYS, "weights")));
        Rectangle cell = largestBlob(image, rgb -> rgb == Style.SEQUENTIAL[Style.SEQUENTIAL.length - 1].getRGB());
        assertEquals(cell.width, cell.height, 2.0, "cell " + cell);
    }

    @Test
    void signedDataGetBlueNegativeRedPositiveAndANeutralZero() throws IOException {
        HeatMapChart chart = Charts.heatmap(Nd4j.create(new double[][] {{2.0, 0.0, -2.0}}), null, null, "gradient");
        BufferedImage image = image(Charts.png(chart));
        Rectangle positive = largestBlob(image, rgb -> red(rgb) - blue(rgb) > 50);
        Rectangle negative = largestBlob(image, rgb -> blue(rgb) - red(rgb) > 50);
        assertTrue(positive.width > 20 && negative.width > 20, positive + " " + negative);
        assertTrue(positive.x < negative.x, "column 0 (positive) should be left of column 2 (negative)");
        // the zero cell lies between them, under its printed number
        Color zero = new Color(image.getRGB(
                (positive.x + positive.width / 2 + negative.x + negative.width / 2) / 2,
                positive.y + positive.height * 4 / 5));
        assertTrue(
                Math.abs(zero.getRed() - zero.getGreen()) <= 8
                        && Math.abs(zero.getGreen() - zero.getBlue()) <= 8
                        && zero.getRed() > 230,
                "zero should be a light neutral grey, not " + zero);
        // and the hues differ in lightness-independent ways too: blue has more blue than red, red the reverse
        Color p = new Color(image.getRGB(positive.x + 2, positive.y + 2));
        Color n = new Color(image.getRGB(negative.x + 2, negative.y + 2));
        assertTrue(p.getRed() > p.getBlue() && n.getBlue() > n.getRed(), p + " vs " + n);
    }

    @Test
    void signedDataGetARangeSymmetricAroundZero() {
        HeatMapChart chart = Charts.heatmap(Nd4j.create(new double[][] {{0.3, -0.05}, {0.1, 0.73}}), null, null, "");
        assertEquals(-chart.getStyler().getMax(), chart.getStyler().getMin(), 0.0);
        assertEquals(0.8, chart.getStyler().getMax(), 0.0, "rounded up to a number a legend can show");
        assertArrayEquals(Style.DIVERGING, chart.getStyler().getRangeColors());
    }

    @Test
    void nonNegativeDataGetASequentialScaleFromZero() {
        HeatMapChart chart = Charts.heatmap(Nd4j.create(new double[][] {{3.0, 7.2}, {0.0, 1.0}}), null, null, "");
        assertEquals(0.0, chart.getStyler().getMin(), 0.0);
        assertEquals(8.0, chart.getStyler().getMax(), 0.0);
        assertArrayEquals(Style.SEQUENTIAL, chart.getStyler().getRangeColors());
    }

    @Test
    void weightsAlwaysUseTheFixedRangeZeroToOne() throws IOException {
        HeatMapChart small =
                Charts.heatmapWeights(Nd4j.create(new double[][] {{0.1, 0.2}, {0.3, 0.25}}), null, null, "");
        assertEquals(0.0, small.getStyler().getMin(), 0.0);
        assertEquals(1.0, small.getStyler().getMax(), 0.0);
        // so 0.3 is a pale cell, not the darkest one as it would be on its own range
        BufferedImage image = image(Charts.png(small));
        Rectangle darkest = largestBlob(image, rgb -> rgb == Style.SEQUENTIAL[Style.SEQUENTIAL.length - 1].getRGB());
        assertTrue(darkest.width < 20, "only the legend's end may be darkest blue: " + darkest);
    }

    @Test
    void niceCeilRoundsUpToNumbersALegendCanPrint() {
        assertEquals(1.0, Heatmap.niceCeil(1.0), 0.0);
        assertEquals(1.5, Heatmap.niceCeil(1.01), 0.0);
        assertEquals(0.8, Heatmap.niceCeil(0.73), 0.0);
        assertEquals("0.025", Double.toString(Heatmap.niceCeil(0.0231)));
        assertEquals(10.0, Heatmap.niceCeil(8.5), 0.0);
        assertEquals(300.0, Heatmap.niceCeil(254), 0.0);
    }

    // ------------------------------------------------------------------ heatmap numbers, labels, NaN

    @Test
    void numbersArePrintedInCellsUpToTwelveByTwelve() throws IOException {
        assertTrue(darkPixelsInACell(12) > 10, "a 12 x 12 heatmap prints its numbers");
        assertEquals(0, darkPixelsInACell(13), "a 13 x 13 heatmap is too crowded for numbers");
    }

    private static int darkPixelsInACell(int n) throws IOException {
        double[][] m = new double[n][n];
        for (double[] row : m) {
            java.util.Arrays.fill(row, 0.5);
        }
        BufferedImage image = image(Charts.png(Charts.heatmapWeights(Nd4j.create(m), null, null, "")));
        Color fill = Heatmap.colorOf(0.5, 0, 1, Style.SEQUENTIAL);
        Rectangle cell = largestBlob(image, rgb -> rgb == fill.getRGB());
        assertTrue(cell.width > 20, "cell not found: " + cell);
        int dark = 0;
        for (int x = cell.x; x < cell.x + cell.width; x++) {
            for (int y = cell.y; y < cell.y + cell.height; y++) {
                dark += luminance(image.getRGB(x, y)) < 0.35 ? 1 : 0;
            }
        }
        return dark;
    }

    @Test
    void theNumberOnADarkCellIsWhite() throws IOException {
        BufferedImage image =
                image(Charts.png(Charts.heatmapWeights(Nd4j.create(new double[][] {{1, 0}}), null, null, "")));
        Rectangle cell = largestBlob(image, rgb -> rgb == Style.SEQUENTIAL[Style.SEQUENTIAL.length - 1].getRGB());
        int light = 0;
        for (int x = cell.x; x < cell.x + cell.width; x++) {
            for (int y = cell.y; y < cell.y + cell.height; y++) {
                light += luminance(image.getRGB(x, y)) > 0.9 ? 1 : 0;
            }
        }
        assertTrue(light > 10, "white digits expected on the darkest blue");
    }

    @Test
    void labelsAreThinnedWhenThereAreTooManyToRead() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            tokens.add("token" + i);
        }
        HeatMapChart many = Charts.heatmap(Nd4j.rand(DataType.DOUBLE, 60, 60), tokens, tokens, "");
        List<?> x = many.getHeatMapSeries().getXData();
        List<?> y = many.getHeatMapSeries().getYData();
        assertEquals(60, x.size());
        assertTrue(Collections.frequency(x, " ") > 20, "most column labels should be left out: " + x);
        assertTrue(Collections.frequency(y, " ") > 20, "most row labels should be left out: " + y);
        assertEquals("token0", x.get(0));
        assertEquals("token0", y.get(59), "row 0 is at the top, which is XChart's last y");

        HeatMapChart few = Charts.heatmap(Nd4j.rand(DataType.DOUBLE, 3, 5), List.of("a", "b", "c"), KEYS, "");
        assertEquals(KEYS, few.getHeatMapSeries().getXData());
        assertEquals(List.of("c", "b", "a"), few.getHeatMapSeries().getYData());
    }

    @Test
    void longLabelsKeepTheirEnds() {
        assertEquals("keyword_…mber_10", Labels.shorten("keyword_number_10"));
        assertNotEquals(Labels.shorten("keyword_number_10"), Labels.shorten("keyword_number_11"));
        assertEquals("short", Labels.shorten("short"));
    }

    @Test
    void nanIsDrawnAsAHatchedGreyCellNotAsAColourOfTheScale() throws IOException {
        double[][] m = {{0.2, Double.NaN}, {Double.POSITIVE_INFINITY, 0.9}};
        HeatMapChart chart = Charts.heatmap(Nd4j.create(m), null, null, "with NaN");
        assertEquals(0.0, chart.getStyler().getMin(), 0.0, "NaN and infinity stay out of the range");
        assertEquals(1.0, chart.getStyler().getMax(), 0.0);
        BufferedImage image = image(Charts.png(chart));
        Rectangle grey = largestBlob(image, rgb -> rgb == Style.NOT_A_NUMBER.getRGB());
        assertTrue(grey.width > 20 && grey.height > 20, "grey NaN cell expected: " + grey);
        Rectangle black = largestBlob(image, rgb -> rgb == Color.BLACK.getRGB());
        assertTrue(black.width < 5, "NaN must not come out black: " + black);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void labelCountsMustMatchTheMatrix() {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 3, 5);
        assertRejects(() -> Charts.heatmap(m, List.of("a", "b"), KEYS, ""), "rowLabels", "2", "3 rows");
        assertRejects(() -> Charts.heatmap(m, null, List.of("x"), ""), "colLabels", "1", "5 columns");
        assertRejects(() -> Charts.heatmapWeights(m, null, List.of("x"), ""), "colLabels", "1", "5 columns");
        assertRejects(() -> Charts.bars("", List.of("a"), new double[] {0.5, 0.5}), "labels", "1", "2 values");
    }

    @Test
    void emptyNullOrOddMatricesAreRejected() {
        assertRejects(() -> Charts.heatmap(Nd4j.create(DataType.DOUBLE, 0, 3), null, null, ""), "empty");
        assertRejects(() -> Charts.heatmap(Nd4j.create(new double[0]), null, null, ""), "empty");
        assertRejects(() -> Charts.heatmap(null, null, null, ""), "null");
        assertRejects(() -> Charts.heatmap(Nd4j.zeros(DataType.DOUBLE, 2, 2, 2), null, null, ""), "[2, 2, 2]");
        assertRejects(() -> Charts.heatmap(Nd4j.zeros(DataType.FLOAT, 2, 2), null, null, ""), "FLOAT", "DOUBLE");
    }

    @Test
    void weightsOutsideZeroToOneAreRejected() {
        assertRejects(
                () -> Charts.heatmapWeights(Nd4j.create(new double[][] {{0.5, 1.5}}), null, null, ""),
                "weights[0, 1]",
                "1.5",
                "[0, 1]",
                "Charts.heatmap");
        assertRejects(() -> Charts.heatmapWeights(Nd4j.create(new double[][] {{-0.1}}), null, null, ""), "-0.1");
    }

    @Test
    void aVectorIsAOneRowHeatmap() {
        HeatMapChart chart = Charts.heatmapWeights(Nd4j.create(new double[] {0.2, 0.8}), null, List.of("a", "b"), "");
        assertEquals(List.of("0"), chart.getHeatMapSeries().getYData());
        assertEquals(List.of("a", "b"), chart.getHeatMapSeries().getXData());
    }

    // ------------------------------------------------------------------ lines

    @Test
    void linesHaveNoMarkersAndAZeroLineOnlyWhenTheDataCrossZero() {
        double[] x = {0, 1, 2, 3};
        Map<String, double[]> crossing = new LinkedHashMap<>();
        crossing.put("w", new double[] {0.1, 0.2, 0.3, 0.4});
        crossing.put("dw", new double[] {-0.5, -0.1, 0.2, 0.1});
        XYChart chart = Charts.lines("sweep", "x", "y", x, crossing);
        assertTrue(hasZeroLine(chart), "data cross zero: a zero line");
        for (String name : crossing.keySet()) {
            assertTrue(chart.getSeriesMap().get(name).getMarker() instanceof None, name + " has a marker");
            assertTrue(chart.getSeriesMap().get(name).isShowInLegend());
        }
        assertFalse(hasZeroLine(Charts.lines("", "", "", x, Map.of("w", new double[] {0.1, 0.2, 0.3, 0.4}))));
        assertFalse(
                hasZeroLine(Charts.lines("", "", "", x, Map.of("w", new double[] {-1, -2, 0, -3}))),
                "touching zero is not crossing it");
    }

    private static boolean hasZeroLine(XYChart chart) {
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (!s.isShowInLegend() && s.getYData().length == 2 && s.getYData()[0] == 0 && s.getYData()[1] == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void linesKeepTheMapsOrderOrSortWhenItHasNone() {
        Map<String, double[]> ordered = new LinkedHashMap<>();
        ordered.put("b", new double[] {1, 2});
        ordered.put("a", new double[] {2, 1});
        assertEquals(List.of("b", "a"), userSeries(Charts.lines("", "", "", new double[] {0, 1}, ordered)));
        assertEquals(
                List.of("a", "b"),
                userSeries(Charts.lines(
                        "", "", "", new double[] {0, 1}, Map.of("b", new double[] {1, 2}, "a", new double[] {2, 1}))));
    }

    private static List<String> userSeries(XYChart chart) {
        List<String> names = new ArrayList<>();
        chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).forEach(s -> names.add(s.getName()));
        return names;
    }

    @Test
    void linesRejectMismatchedOrInfiniteSeries() {
        double[] x = {0, 1, 2};
        assertRejects(() -> Charts.lines("", "", "", x, Map.of("w", new double[] {1, 2})), "\"w\"", "2", "x has 3");
        assertRejects(
                () -> Charts.lines("", "", "", x, Map.of("w", new double[] {1, Double.POSITIVE_INFINITY, 2})),
                "\"w\"",
                "Infinity",
                "index 1");
        assertRejects(() -> Charts.lines("", "", "", x, Map.of()), "series", "empty");
        assertRejects(() -> Charts.lines("", "", "", new double[0], Map.of("w", new double[0])), "x", "empty");
        assertRejects(
                () -> Charts.lines("", "", "", new double[] {0, Double.NaN}, Map.of("w", new double[] {1, 2})),
                "x[1]",
                "NaN");
        assertRejects(
                () -> Charts.lines("", "", "", x, Map.of("w", new double[] {Double.NaN, Double.NaN, Double.NaN})),
                "only NaN");
    }

    @Test
    void linesNamedAfterColoursAreDrawnInThem() {
        XYChart rgb = Charts.lines(
                "",
                "",
                "",
                new double[] {0, 1},
                Map.of("R", new double[] {1, 1}, "G", new double[] {0, 1}, "B", new double[] {0, 0}));
        assertEquals(new Color(0xd55e00), rgb.getSeriesMap().get("R").getLineColor());
        assertEquals(new Color(0x009e73), rgb.getSeriesMap().get("G").getLineColor());
        assertEquals(new Color(0x0072b2), rgb.getSeriesMap().get("B").getLineColor());
        Map<String, double[]> mixed = new LinkedHashMap<>();
        mixed.put("loss", new double[] {1, 2});
        mixed.put("red", new double[] {2, 1});
        XYChart other = Charts.lines("", "", "", new double[] {0, 1}, mixed);
        assertEquals(
                Style.SERIES[1],
                other.getSeriesMap().get("red").getLineColor(),
                "palette order unless every name is a colour");
    }

    @Test
    void barsTakeAxisTitlesAndGridsTakeLists() {
        var chart = Charts.bars(
                "w", "key", "weight", List.of("a", "b"), org.nd4j.linalg.factory.Nd4j.create(new double[][] {
                    {0.25, 0.75}
                }));
        assertEquals("key", chart.getXAxisTitle());
        assertEquals("weight", chart.getYAxisTitle());
        Grid grid = Charts.grid(2, List.of(chart, chart, chart));
        assertEquals(3, grid.charts().size());
        assertEquals(2, grid.columns());
        assertRejects(() -> Charts.grid(2, (List<Chart<?, ?>>) null), "charts", "null");
    }

    @Test
    void tickLabelsHaveALeadingZeroAndEnoughDecimals() {
        assertEquals("0.###", Lines.tickPattern(-0.013, 0.013));
        assertEquals("0.#", Lines.tickPattern(0, 1));
        assertEquals("0", Lines.tickPattern(0, 360));
        assertEquals("0.#", Lines.tickPattern(2, 2));
        XYChart chart = Charts.lines("", "", "", new double[] {0, 1}, Map.of("w", new double[] {-0.01, 0.01}));
        assertEquals("0.###", chart.getStyler().getYAxisDecimalPattern());
    }

    @Test
    void linesFromMatrixColumnsAreNamedInOrder() {
        INDArray sweep = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{0.9, 0.1}, {0.5, 0.5}, {0.1, 0.9}});
        XYChart chart = Charts.lines("w", "t", "weight", new double[] {0, 0.5, 1}, sweep, List.of("red", "yellow"));
        assertEquals(List.of("red", "yellow"), userSeries(chart));
        assertArrayEquals(
                new double[] {0.1, 0.5, 0.9}, chart.getSeriesMap().get("yellow").getYData(), 0);
        assertRejects(
                () -> Charts.lines("", "", "", new double[] {0, 1}, sweep, List.of("a", "b")),
                "columns has 3 rows",
                "x has 2");
        assertRejects(
                () -> Charts.lines("", "", "", new double[] {0, 1, 2}, sweep, List.of("a")),
                "names has 1",
                "2 columns");
    }

    @Test
    void nanInALineLeavesAGapInsteadOfFailing() {
        XYChart chart = Charts.lines("", "", "", new double[] {0, 1, 2}, Map.of("w", new double[] {1, Double.NaN, 2}));
        assertTrue(Double.isNaN(chart.getSeriesMap().get("w").getYData()[1]));
        INDArray columns = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1, 0}, {Double.NaN, 0.5}, {2, 1}});
        XYChart fromColumns = Charts.lines("", "", "", new double[] {0, 1, 2}, columns, List.of("w", "v"));
        assertArrayEquals(
                new double[] {1, Double.NaN, 2},
                fromColumns.getSeriesMap().get("w").getYData(),
                0,
                "the matrix version draws the same gap");
    }

    @Test
    void linesHaveTheDefaultSizeAndAreDeterministic() throws IOException {
        double[] x = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i / 10.0;
            y[i] = Math.sin(x[i]);
        }
        byte[] first = Charts.png(Charts.lines("sin", "x", "y", x, Map.of("sin", y)));
        byte[] second = Charts.png(Charts.lines("sin", "x", "y", x, Map.of("sin", y.clone())));
        assertArrayEquals(first, second);
        BufferedImage image = image(first);
        assertEquals(Style.WIDTH, image.getWidth());
        assertEquals(Style.HEIGHT, image.getHeight());
        Color blue = Style.SERIES[0];
        Rectangle curve = largestBlob(image, rgb -> distance(rgb, blue) < 60);
        assertTrue(curve.width > 300 && curve.height > 150, "the curve is drawn in the first colour: " + curve);
    }

    // ------------------------------------------------------------------ bars

    @Test
    void barsOfADistributionUseTheFixedAxisZeroToOne() throws IOException {
        CategoryChart chart = Charts.bars("weights", KEYS, new double[] {0.05, 0.8, 0.05, 0.05, 0.05});
        assertEquals(0.0, chart.getStyler().getYAxisMin(), 0.0);
        assertEquals(1.0, chart.getStyler().getYAxisMax(), 0.0);
        BufferedImage image = image(Charts.png(chart));
        Rectangle tallest = largestBlob(image, rgb -> rgb == Style.SERIES[0].getRGB());
        assertTrue(tallest.height > 150 && tallest.height > 2 * tallest.width, "the 0.8 bar: " + tallest);
    }

    @Test
    void barsOfSignedValuesIncludeZeroAndTheirExtremes() {
        CategoryChart chart = Charts.bars("gradient", null, new double[] {0.5, -2, 1});
        assertTrue(chart.getStyler().getYAxisMin() <= -2 && chart.getStyler().getYAxisMax() >= 1);
        CategoryChart positive = Charts.bars("", null, new double[] {2, 3});
        assertEquals(0.0, positive.getStyler().getYAxisMin(), 0.0);
    }

    @Test
    void barsTakeASoftmaxRowAndRejectNaNOrMatrices() {
        CategoryChart chart = Charts.bars("", KEYS, Nd4j.create(new double[][] {{0.1, 0.2, 0.3, 0.2, 0.2}}));
        assertEquals(
                List.of(0.1, 0.2, 0.3, 0.2, 0.2),
                new ArrayList<>(chart.getSeriesMap().values().iterator().next().getYData()));
        assertRejects(() -> Charts.bars("", null, new double[] {0.5, Double.NaN}), "values[1]", "NaN");
        assertRejects(() -> Charts.bars("", null, Nd4j.zeros(DataType.DOUBLE, 2, 3)), "one-row", "[2, 3]");
        assertRejects(() -> Charts.bars("", null, new double[0]), "empty");
    }

    // ------------------------------------------------------------------ grid and PNG

    @Test
    void aGridPlacesChartsInRowsOfColumns() throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (double t : new double[] {0.1, 1, 10}) {
            charts.add(Charts.heatmapWeights(
                    Nd4j.create(new double[][] {{1 / (1 + Math.exp(-1 / t)), 0.5}}), null, null, "T = " + t));
        }
        Grid grid = Charts.grid(2, charts.toArray(new Chart<?, ?>[0]));
        int w = charts.stream().mapToInt(Chart::getWidth).max().getAsInt();
        int h = charts.stream().mapToInt(Chart::getHeight).max().getAsInt();
        BufferedImage image = image(grid.png());
        assertEquals(2 * w, image.getWidth());
        assertEquals(2 * h, image.getHeight());
        assertArrayEquals(grid.png(), Charts.grid(2, charts).png(), "the same charts draw the same bytes");
        BufferedImage twice = image(Charts.png(grid, 2));
        assertEquals(4 * w, twice.getWidth());
    }

    @Test
    void aGridRejectsNothingToShow() {
        XYChart one = Charts.lines("", "", "", new double[] {0, 1}, Map.of("y", new double[] {0, 1}));
        assertRejects(() -> Charts.grid(0, one), "columns", "0");
        assertRejects(() -> Charts.grid(2), "at least one chart");
        assertRejects(() -> Charts.grid(2, one, null), "chart 1", "null");
    }

    @Test
    void pngHasTheChartsSizeAndScales() throws IOException {
        HeatMapChart chart = Charts.heatmapWeights(Nd4j.create(new double[][] {{0.5, 0.5}}), null, null, "t");
        BufferedImage one = image(Charts.png(chart));
        assertEquals(chart.getWidth(), one.getWidth());
        assertEquals(chart.getHeight(), one.getHeight());
        BufferedImage two = image(Charts.png(chart, 2));
        assertEquals(2 * chart.getWidth(), two.getWidth());
        assertEquals(2 * chart.getHeight(), two.getHeight());
        assertRejects(() -> Charts.png(chart, 0), "scale");
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        double[][] g = {{0.12, -0.3, 0.05}, {-0.45, 0.2, Double.NaN}};
        assertArrayEquals(
                Charts.png(Charts.heatmap(Nd4j.create(g), List.of("a", "b"), List.of("x", "y", "z"), "g")),
                Charts.png(Charts.heatmap(Nd4j.create(g), List.of("a", "b"), List.of("x", "y", "z"), "g")));
        assertArrayEquals(
                Charts.png(Charts.bars("b", KEYS, new double[] {0.1, 0.2, 0.3, 0.2, 0.2})),
                Charts.png(Charts.bars("b", KEYS, new double[] {0.1, 0.2, 0.3, 0.2, 0.2})));
        HeatMapChart chart = Charts.heatmapWeights(Nd4j.create(new double[][] {{0.5}}), null, null, "");
        assertArrayEquals(Charts.png(chart), Charts.png(chart), "painting again changes nothing");
    }

    // ------------------------------------------------------------------ helpers

    private static BufferedImage image(byte[] png) throws IOException {
        assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static boolean isColor(BufferedImage image, int x, int y, Color c) {
        return x >= 0
                && y >= 0
                && x < image.getWidth()
                && y < image.getHeight()
                && (image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff);
    }

    /** Bounding box of the largest 4-connected set of pixels that pass the test; empty if none does. */
    private static Rectangle largestBlob(BufferedImage image, IntPredicate test) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] seen = new boolean[w * h];
        Rectangle best = new Rectangle();
        int bestSize = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < w * h; start++) {
            if (seen[start] || !test.test(image.getRGB(start % w, start / w) | 0xff000000)) {
                continue;
            }
            seen[start] = true;
            queue.add(start);
            int size = 0;
            int x0 = w;
            int y0 = h;
            int x1 = -1;
            int y1 = -1;
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int x = p % w;
                int y = p / w;
                size++;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
                int[] next = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
                for (int q : next) {
                    if (q >= 0 && !seen[q] && test.test(image.getRGB(q % w, q / w) | 0xff000000)) {
                        seen[q] = true;
                        queue.add(q);
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
            }
        }
        return best;
    }

    private static double distance(int rgb, Color c) {
        return Math.sqrt(Math.pow(red(rgb) - c.getRed(), 2)
                + Math.pow(((rgb >> 8) & 0xff) - c.getGreen(), 2)
                + Math.pow(blue(rgb) - c.getBlue(), 2));
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }

    private static double luminance(int rgb) {
        return (0.2126 * red(rgb) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * blue(rgb)) / 255;
    }
}
