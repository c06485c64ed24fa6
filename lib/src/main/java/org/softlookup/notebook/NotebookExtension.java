package org.softlookup.notebook;

import java.io.StringWriter;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.controls.Controls;
import org.softlookup.exercises.Verdict;
import org.softlookup.internal.Setup;
import org.softlookup.view.Charts;
import org.softlookup.view.Grid;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;
import tech.tablesaw.io.html.HtmlWriter;

/**
 * Teaches the JJava kernel to show the library's objects: charts as PNG, tables and matrices as HTML, each with
 * a plain-text fallback, and adds the imports every lesson uses. JJava installs it when our jar is on its classpath.
 */
public final class NotebookExtension implements Extension {

    /** Rows and columns of a matrix, and rows of a table, shown before the rest is summarised. */
    static final int MAX_ROWS = 30, MAX_COLUMNS = 20;

    static final String IMPORTS = String.join(
            "\n",
            "import org.softlookup.*;",
            "import org.softlookup.view.*;",
            "import org.softlookup.controls.*;",
            "import org.softlookup.exercises.*;",
            "import org.nd4j.linalg.factory.Nd4j;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.api.buffer.DataType;",
            "import org.nd4j.linalg.ops.transforms.Transforms;",
            // JShell's own start-up imports these for lambdas and streams; JJava does not, so lessons would spell
            // out java.util.stream.IntStream.
            "import java.util.function.*;",
            "import java.util.stream.*;");

    static {
        Setup.ensureReady(); // before the kernel evaluates the first cell
    }

    @Override
    public void install(BaseKernel kernel) {
        Controls.install(kernel);
        register(kernel.getRenderer());
        kernel.eval(IMPORTS);
        KernelPatches.install(kernel); // after the imports, which run before JJava connects
    }

    /**
     * Called by JJava on a shutdown or restart request: ends the JVM once JJava's main thread has finished its own
     * shutdown. JJava's pool that runs cells keeps an idle thread alive for 60 s, which would keep the kernel running
     * after the request until Jupyter kills it, 5 s later on every restart.
     */
    @Override
    public void uninstall(BaseKernel kernel) {
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("main"))
                .findFirst()
                .ifPresent(main -> {
                    Thread exit = new Thread(
                            () -> {
                                try {
                                    main.join();
                                } catch (InterruptedException e) {
                                    return;
                                }
                                System.exit(0);
                            },
                            "softlookup-exit-after-shutdown");
                    exit.setDaemon(true); // never the thread that keeps the JVM alive
                    exit.start();
                });
    }

    /** How each of the library's objects is shown; separate from {@link #install} so a test can render with it. */
    static void register(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, ctx) -> renderPng(
                        Charts.png(chart, scale()), chart.getWidth(), chart.getHeight(), chartText(chart), ctx));
        renderer.createRegistration(Grid.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((grid, ctx) ->
                        renderPng(Charts.png(grid, scale()), grid.width(), grid.height(), gridText(grid), ctx));
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).register((table, ctx) -> {
            ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table));
            ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> tableText(table));
        });
        renderer.createRegistration(INDArray.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((array, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Matrices.html(array));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> Matrices.text(array));
                });
        renderer.createRegistration(Verdict.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((verdict, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, verdict::html);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, verdict::text);
                });
    }

    /** 2 for sharp text on high-density screens; 1 for a live control's frames while the learner drags. */
    private static int scale() {
        return Controls.drafting() ? 1 : 2;
    }

    /**
     * Drawn at twice the size (a control's drafts at its own) and shown at the chart's own size (Jupyter's
     * width/height metadata): sharp text on high-density screens, the same layout everywhere else.
     */
    private static void renderPng(byte[] png, int width, int height, String text, RenderContext ctx) {
        ctx.renderIfRequested(
                MIMEType.IMAGE_PNG,
                (type, out) -> out.putData(
                        type, Base64.getEncoder().encodeToString(png), Map.of("width", width, "height", height)));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
    }

    static String chartText(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " \"" + chart.getTitle() + "\"";
        return "[" + chart.getClass().getSimpleName() + title + ", " + chart.getWidth() + "×" + chart.getHeight() + "]";
    }

    /** A grid's text names its charts' titles, so a chart retitled, added or dropped changes the text output. */
    static String gridText(Grid grid) {
        String titles = grid.charts().stream()
                .map(c -> c.getTitle() == null || c.getTitle().isBlank() ? "(untitled)" : "\"" + c.getTitle() + "\"")
                .collect(Collectors.joining(", "));
        return "[" + grid.charts().size() + " charts: " + titles + "; " + grid.width() + "×" + grid.height() + "]";
    }

    /** Tablesaw's own HTML, cut to {@link #MAX_ROWS} rows with a line that says how many were left out. */
    static String tableHtml(Table table) {
        StringWriter html = new StringWriter();
        new HtmlWriter()
                .write(table.first(MAX_ROWS), HtmlWriteOptions.builder(html).build());
        return html + (table.rowCount() > MAX_ROWS ? "<p><em>" + leftOut(table) + "</em></p>" : "");
    }

    static String tableText(Table table) {
        return table.first(MAX_ROWS).printAll() + (table.rowCount() > MAX_ROWS ? "\n" + leftOut(table) : "");
    }

    private static String leftOut(Table table) {
        return "… " + (table.rowCount() - MAX_ROWS) + " more rows (" + table.rowCount() + " in all)";
    }
}
