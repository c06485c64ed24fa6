package org.softlookup.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Adam;
import org.softlookup.internal.Setup;
import org.softlookup.view.Charts;
import org.softlookup.view.Grid;
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
    void largeMatricesShowTheirTopLeftCornerAndSaySo() {
        // entry (i, j) = 100 i + j: every shown number says where it came from, so a wrong corner cannot pass
        INDArray big = Nd4j.create(DataType.DOUBLE, 40, 25);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 25; j++) {
                big.putScalar(i, j, 100 * i + j);
            }
        }
        String html = Matrices.html(big);
        assertTrue(html.contains("10 more rows; 5 more columns not shown"), html);
        assertTrue(html.contains("<tr><th>0</th><td>0</td><td>1</td>"));
        assertTrue(html.contains("<th>29</th><td>2900</td>"));
        assertTrue(html.contains("<td>2919</td><td>…</td></tr>"), "the last shown entry is (29, 19)");
        assertFalse(html.contains("<th>30</th>") || html.contains("<td>20</td>") || html.contains(">3000<"));
        String text = Matrices.text(big);
        assertTrue(text.startsWith("[   0,    1,    2,"), text);
        assertTrue(text.contains("2919, …]\nshape [40, 25], DOUBLE; 10 more rows; 5 more columns not shown"), text);
        assertFalse(text.contains("3000") || text.contains("2920") || text.contains(" 20,"), text);
    }

    @Test
    void aChartRendersAsATwiceSizedPngWithItsOwnSizeAsMetadata() throws Exception {
        var chart = Charts.bars("Weights", List.of("a", "b"), new double[] {0.25, 0.75});
        JsonObject shown = render(chart);
        assertEquals(
                "[CategoryChart \"Weights\", " + chart.getWidth() + "×" + chart.getHeight() + "]",
                shown.getAsJsonObject("data").get("text/plain").getAsString());
        assertPng(shown, chart.getWidth(), chart.getHeight());
    }

    @Test
    void aGridNamesItsChartsTitlesAndRendersAtItsOwnSize() throws Exception {
        var a = Charts.bars("Weights", List.of("a", "b"), new double[] {0.25, 0.75});
        var b = Charts.bars("Values", List.of("a", "b"), new double[] {1, -1});
        Grid grid = Charts.grid(2, a, b);
        JsonObject shown = render(grid);
        assertEquals(
                "[2 charts: \"Weights\", \"Values\"; " + grid.width() + "×" + grid.height() + "]",
                shown.getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals(2 * a.getWidth(), grid.width());
        assertPng(shown, grid.width(), grid.height());
        b.setTitle("");
        assertTrue(NotebookExtension.gridText(grid).startsWith("[2 charts: \"Weights\", (untitled); "));
    }

    /** What the kernel would send for {@code o}: display data and metadata, as JSON (JJava serialises it so). */
    private static JsonObject render(Object o) {
        Renderer renderer = new Renderer();
        NotebookExtension.register(renderer);
        return new Gson().toJsonTree(renderer.render(o)).getAsJsonObject();
    }

    /** The PNG is drawn at twice the size and its metadata asks Jupyter to show it at the object's own size. */
    private static void assertPng(JsonObject shown, int width, int height) throws Exception {
        byte[] png = Base64.getDecoder()
                .decode(shown.getAsJsonObject("data").get("image/png").getAsString());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(2 * width, image.getWidth());
        assertEquals(2 * height, image.getHeight());
        JsonObject size = shown.getAsJsonObject("metadata").getAsJsonObject("image/png");
        assertEquals(width, size.get("width").getAsInt());
        assertEquals(height, size.get("height").getAsInt());
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

    /**
     * A lesson writes {@code new Adam(0.003)} and means org.softlookup.Adam; ND4J has an Adam of its own (with the same
     * constructor) in org.nd4j.linalg.learning.config. Under the default imports every class of the library's
     * packages must name one class only: no other package imported with * may hold a class of that name (javac
     * and JShell call the name ambiguous), and no single-class import may take the name for another class.
     */
    @Test
    void theDefaultImportsLeaveEveryLibraryClassNameUnambiguous() throws Exception {
        assertEquals(List.of(), ambiguousNames(NotebookExtension.IMPORTS));
        // The check sees the trap it guards against: ND4J's Adam is on the classpath, one import away.
        Class.forName("org.nd4j.linalg.learning.config.Adam");
        assertTrue(ambiguousNames(NotebookExtension.IMPORTS + "\nimport org.nd4j.linalg.learning.config.*;")
                .contains("Adam: org.softlookup and org.nd4j.linalg.learning.config"));
        assertTrue(ambiguousNames(NotebookExtension.IMPORTS + "\nimport org.nd4j.linalg.learning.config.Adam;")
                .contains("Adam: org.softlookup and org.nd4j.linalg.learning.config"));
    }

    private static final Pattern IMPORT = Pattern.compile("import\\s+([\\w.]+)\\.(\\*|\\w+)\\s*;");

    /** "Name: package and other package" for every library class whose simple name the imports make ambiguous. */
    private static List<String> ambiguousNames(String imports) throws IOException, URISyntaxException {
        List<String> wildcards = new ArrayList<>(List.of("java.lang")); // imported with * in every compilation unit
        Map<String, String> singles = new HashMap<>(); // simple name → its package
        Matcher m = IMPORT.matcher(imports);
        while (m.find()) {
            if (m.group(2).equals("*")) {
                wildcards.add(m.group(1));
            } else {
                singles.put(m.group(2), m.group(1));
            }
        }
        Path classes = Path.of(
                Adam.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        int libraryClasses = 0;
        for (String library : wildcards) {
            Path dir = classes.resolve(library.replace('.', '/'));
            if (!library.startsWith("org.softlookup") || !Files.isDirectory(dir)) {
                continue;
            }
            List<String> names;
            try (Stream<Path> files = Files.list(dir)) {
                names = files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$"))
                        .map(f -> f.substring(0, f.length() - ".class".length()))
                        .toList();
            }
            libraryClasses += names.size();
            for (String name : names) {
                for (String other : wildcards) {
                    if (!other.equals(library) && exists(other + "." + name)) {
                        found.add(name + ": " + library + " and " + other);
                    }
                }
                String single = singles.get(name);
                if (single != null && !single.equals(library)) {
                    found.add(name + ": " + library + " and " + single);
                }
            }
        }
        assertTrue(libraryClasses > 50, "the library's classes were found: " + libraryClasses);
        return found;
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, NotebookExtensionTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
