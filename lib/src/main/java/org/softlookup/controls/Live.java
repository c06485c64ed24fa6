package org.softlookup.controls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.messages.MessageContext;

/**
 * A control on screen: its sliders (one widget model each, with a layout and a style, in one vertical box, above a
 * line that says when the view failed) and, below, each output of its view as a widget model too: a chart as an
 * Image, a text as HTML. Each output is shown with its first picture or text beside the widget view, which is what
 * GitHub, nbviewer and the notebook tests read. Every model keeps its state here, so a front end that connects again
 * (a page reloaded) gets the sliders, charts and texts as they are now, and dragging there redraws them.
 * A new value is drawn by one worker thread for all controls, latest first: while a drawing runs, newer values replace
 * each other and only the last one is drawn next.
 * <p>
 * While the learner drags, charts are drawn at the screen's own pixel size (a draft, a quarter of the pixels of the
 * sharp 2× image and about half the time); once no new value has come for {@link #SETTLE_MS}, the last value's charts
 * are drawn again at 2×, so the chart left on screen is as sharp as the one the cell showed.
 */
final class Live {

    /**
     * How long the slider must rest before its charts are drawn sharp again: three times the gap between a drag's
     * values (about 50 ms). Shorter sharpens sooner, but more often in a slow drag, where the next draft then waits
     * for the sharp chart (about 80 ms of the worker's time) to be drawn.
     */
    static final long SETTLE_MS = 150;

    /** Set on the worker while it draws a draft; the notebook's renderer reads it through {@link #drafting()}. */
    private static final ThreadLocal<Boolean> DRAFT = ThreadLocal.withInitial(() -> false);

    /** One thread: drawings never compete with each other for the machine's cores. */
    private static final ScheduledExecutorService WORKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "softlookup-controls");
        t.setDaemon(true);
        return t;
    });

    private final Kernel kernel;
    private final List<Slider> sliders;
    private final Function<Values, ?> view;
    private final double[] values;
    /** Every model of the control, by comm id. */
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    /** The view's outputs, in order: an Image model for each chart, an HTML model for each text. */
    private final List<Model> shown = new CopyOnWriteArrayList<>();
    /** Under the sliders: why the view failed at the latest value, and its layout, hidden while nothing failed. */
    private Model status, statusLayout;

    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final AtomicLong received = new AtomicLong();

    /** Values to draw, the message that asked for them (the parent of the updates), and which value it was. */
    private record Request(double[] values, MessageContext cause, long number) {}

    /** A widget model and its state now; an Image's "value" is its PNG bytes, sent as the message's buffer. */
    private static final class Model {
        private final Map<String, Object> state;
        private volatile Comm comm;

        Model(Map<String, Object> state) {
            this.state = new LinkedHashMap<>(state);
        }

        boolean image() {
            return "ImageModel".equals(state.get("_model_name"));
        }

        synchronized void put(String key, Object value) {
            state.put(key, value);
        }

        synchronized Map<String, Object> state() {
            return new LinkedHashMap<>(state);
        }
    }

    private Live(Kernel kernel, List<Slider> sliders, Function<Values, ?> view) {
        this.kernel = kernel;
        this.sliders = List.copyOf(sliders);
        this.view = view;
        this.values = sliders.stream().mapToDouble(Slider::value).toArray();
    }

    /** Draws the view at the sliders' first values, shows the sliders, then each output with its model. */
    static void show(List<Slider> sliders, Function<Values, ?> view) {
        Kernel kernel = Kernel.current();
        Live live = new Live(kernel, sliders, view);
        List<DisplayData> first =
                live.render(outputs(view.apply(new Values(live.names(), live.values.clone()))), false);
        List<String> childIds = new ArrayList<>();
        for (int k = 0; k < sliders.size(); k++) {
            Map<String, Object> state = Protocol.slider(
                    sliders.get(k), live.open(Protocol.layout(), -1), live.open(Protocol.sliderStyle(), -1));
            childIds.add(live.open(state, k));
        }
        Map<String, Object> hidden = Protocol.layout();
        hidden.put("display", "none"); // no empty line under the sliders while the view draws
        live.statusLayout = live.model(live.open(hidden, -1));
        live.status = live.model(
                live.open(Protocol.html("", live.statusLayout.comm.getID(), live.open(Protocol.htmlStyle(), -1)), -1));
        childIds.add(live.status.comm.getID());
        String box = live.open(Protocol.vbox(childIds, live.open(Protocol.layout(), -1)), -1);
        DisplayData widget = new DisplayData(Protocol.describe(sliders));
        widget.putData(Protocol.VIEW_MIME, Protocol.view(box));
        kernel.display(widget, null);
        for (DisplayData output : first) {
            Model model;
            if (output.hasDataForType(MIMEType.IMAGE_PNG)) {
                model = live.model(live.open(Protocol.image(live.open(Protocol.layout(), -1), width(output)), -1));
                byte[] png = png(output);
                model.put("value", png);
                kernel.send(model.comm, Protocol.update(Map.of("value", png), "value"), List.of(png));
            } else {
                model = live.model(live.open(
                        Protocol.html(
                                html(output), live.open(Protocol.layout(), -1), live.open(Protocol.htmlStyle(), -1)),
                        -1));
            }
            live.shown.add(model);
            output.putData(Protocol.VIEW_MIME, Protocol.view(model.comm.getID()));
            kernel.display(output, null);
        }
    }

    private List<String> names() {
        return sliders.stream().map(Slider::name).toList();
    }

    /**
     * Opens a model of this control and returns its comm id; messages to a slider's model carry its index, to others
     * (layouts, styles, box, outputs) −1.
     */
    private String open(Map<String, Object> state, int slider) {
        Model model = new Model(state);
        model.comm = kernel.openWidget(state, (comm, data, cause) -> receive(model, slider, data, cause));
        models.put(model.comm.getID(), model);
        return model.comm.getID();
    }

    private Model model(String id) {
        return models.get(id);
    }

    /**
     * On the kernel's shell thread. A new value is noted for the worker, and the handler returns so the front end may
     * send the next one. A state request comes from a front end that connects to the running kernel again (a page
     * reloaded, the notebook reopened): it gets each model's state as it is now, the charts' bytes included, so the
     * restored page shows the latest value and its sliders redraw as before.
     */
    private void receive(Model model, int slider, Map<String, Object> data, MessageContext cause) {
        Protocol.Incoming incoming = Protocol.Incoming.of(data);
        if (incoming instanceof Protocol.StateRequest) {
            send(model, model.state(), cause);
        } else if (incoming instanceof Protocol.NewValue v && slider >= 0) {
            double[] now;
            synchronized (values) {
                values[slider] = sliders.get(slider).snap(v.value());
                now = values.clone();
            }
            model.put("value", now[slider]);
            if (pending.getAndSet(new Request(now, cause, received.incrementAndGet())) == null) {
                WORKER.execute(this::drawLatest);
            }
        }
    }

    /** Sets one entry of a model's state and sends it, in reply to {@code cause}. */
    private void set(Model model, String key, Object value, MessageContext cause) {
        model.put(key, value);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(key, value); // null too: a layout's unset property
        send(model, change, cause);
    }

    private void send(Model model, Map<String, Object> state, MessageContext cause) {
        if (state.get("value") instanceof byte[] png) {
            kernel.reply(model.comm, Protocol.update(state, "value"), List.of(png), cause);
        } else {
            kernel.reply(model.comm, Protocol.update(state), null, cause);
        }
    }

    /** True on the thread drawing a control's draft: charts then need only the screen's own pixels. */
    static boolean drafting() {
        return DRAFT.get();
    }

    private void drawLatest() {
        Request request = pending.getAndSet(null);
        if (request == null) {
            return;
        }
        List<Object> outputs;
        List<DisplayData> drafts;
        try {
            outputs = outputs(view.apply(new Values(names(), request.values())));
            drafts = render(outputs, true);
            check(drafts);
        } catch (RuntimeException | Error e) {
            // No cell is running to show a stack trace in: the line under the sliders says what went wrong instead.
            set(status, "value", Protocol.preformatted(failed(request, e)), request.cause());
            set(statusLayout, "display", null, request.cause());
            return;
        }
        if (!"".equals(status.state().get("value"))) {
            set(status, "value", "", request.cause());
            set(statusLayout, "display", "none", request.cause());
        }
        for (int k = 0; k < drafts.size(); k++) {
            set(shown.get(k), "value", value(drafts.get(k)), request.cause());
        }
        if (shown.stream().anyMatch(Model::image)) {
            WORKER.schedule(() -> sharpen(request, outputs), SETTLE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Outputs of the same kinds as at the start, chart for chart and text for text: each has its model. */
    private void check(List<DisplayData> drawn) {
        if (drawn.size() != shown.size()) {
            throw new IllegalStateException("the control's view returned " + drawn.size() + " outputs, but "
                    + shown.size() + " at the start; it must return as many each time");
        }
        for (int k = 0; k < drawn.size(); k++) {
            if (drawn.get(k).hasDataForType(MIMEType.IMAGE_PNG) != shown.get(k).image()) {
                String was = shown.get(k).image() ? "a chart" : "a text",
                        is = shown.get(k).image() ? "a text" : "a chart";
                throw new IllegalStateException("the control's view returned " + is + " as output " + (k + 1)
                        + ", which was " + was + " at the start; each output must stay what it was");
            }
        }
    }

    /** The charts of a value no newer value has followed, drawn again at 2×; texts stay as they are. */
    private void sharpen(Request request, List<Object> outputs) {
        if (received.get() != request.number()) {
            return; // the learner moved on: the newer value settles in its turn
        }
        List<DisplayData> sharp;
        try {
            sharp = render(outputs, false);
        } catch (RuntimeException | Error e) {
            return; // it drew as a draft a moment ago, which stays on screen
        }
        if (received.get() != request.number()) {
            return; // moved while this was drawn: the newer value is on its way, this one would only flash
        }
        for (int k = 0; k < sharp.size(); k++) {
            if (shown.get(k).image()) {
                set(shown.get(k), "value", png(sharp.get(k)), request.cause());
            }
        }
    }

    /** What an output's model shows: a chart's PNG bytes, or a text as HTML. */
    private static Object value(DisplayData output) {
        return output.hasDataForType(MIMEType.IMAGE_PNG) ? png(output) : html(output);
    }

    private static byte[] png(DisplayData output) {
        return Base64.getMimeDecoder().decode(String.valueOf(output.getData(MIMEType.IMAGE_PNG)));
    }

    /** A text output as HTML: its own HTML when it has one (a table), else its plain text. */
    private static String html(DisplayData output) {
        return output.hasDataForType(MIMEType.TEXT_HTML)
                ? String.valueOf(output.getData(MIMEType.TEXT_HTML))
                : Protocol.preformatted(String.valueOf(output.getData(MIMEType.TEXT_PLAIN)));
    }

    /** The CSS width a chart is shown at: its output's (the chart's own width when drawn at 2×), or its pixels. */
    private static String width(DisplayData output) {
        return Kernel.metadata(output).get("image/png") instanceof Map<?, ?> shown
                        && shown.get("width") instanceof Number width
                ? String.valueOf(width.intValue())
                : "";
    }

    private List<DisplayData> render(List<Object> outputs, boolean draft) {
        DRAFT.set(draft);
        try {
            return outputs.stream().map(kernel::render).toList();
        } finally {
            DRAFT.set(false);
        }
    }

    private String failed(Request request, Throwable e) {
        return "The control's view failed at " + new Values(names(), request.values()) + ": " + e;
    }

    /** A view's result as outputs: each element of a list is one, anything else is a single output. */
    static List<Object> outputs(Object result) {
        if (result == null) {
            throw new IllegalArgumentException(
                    "the control's view returned null: return a chart, a text or a List of them");
        }
        List<Object> outputs = new ArrayList<>(result instanceof List<?> list ? list : List.of(result));
        if (outputs.isEmpty() || outputs.contains(null)) {
            throw new IllegalArgumentException("the control's view returned " + result + ": return a chart, a text "
                    + "or a non-empty List of them, without nulls");
        }
        return outputs;
    }
}
