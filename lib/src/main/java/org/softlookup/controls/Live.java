package org.softlookup.controls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * A control on screen: its sliders (one widget model each, with a layout and a style, in one vertical box) and the
 * outputs its view draws under display ids. A new value is drawn by one worker thread for all controls, latest
 * first: while a drawing runs, newer values replace each other and only the last one is drawn next.
 * <p>
 * While the learner drags, charts are drawn at the screen's own pixel size (a draft, a quarter of the pixels of the
 * sharp 2× image and about half the time); once no new value has come for {@link #SETTLE_MS}, the last value's charts
 * are drawn again at 2×, so the chart left on screen is as sharp as the one the cell showed.
 */
final class Live {

    /** How long the slider must rest before its charts are drawn sharp again: longer than the gaps of a drag. */
    static final long SETTLE_MS = 250;

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
    private final List<String> displayIds = new CopyOnWriteArrayList<>();
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final AtomicLong received = new AtomicLong();

    /** Values to draw, the message that asked for them (the parent of the updates), and which value it was. */
    private record Request(double[] values, MessageContext cause, long number) {}

    private Live(Kernel kernel, List<Slider> sliders, Function<Values, ?> view) {
        this.kernel = kernel;
        this.sliders = List.copyOf(sliders);
        this.view = view;
        this.values = sliders.stream().mapToDouble(Slider::value).toArray();
    }

    /** Draws the view at the sliders' first values (so the stored notebook shows it), then shows the sliders. */
    static void show(List<Slider> sliders, Function<Values, ?> view) {
        Kernel kernel = Kernel.current();
        Live live = new Live(kernel, sliders, view);
        List<Object> first = outputs(view.apply(new Values(live.names(), live.values.clone())));
        // The ids exist before any slider does, so a value that arrives at once has somewhere to be drawn.
        first.forEach(o -> live.displayIds.add(UUID.randomUUID().toString()));
        List<String> childIds = new ArrayList<>();
        for (int k = 0; k < sliders.size(); k++) {
            Map<String, Object> state = Protocol.slider(
                    sliders.get(k),
                    live.open(Protocol.layout(), -1).getID(),
                    live.open(Protocol.sliderStyle(), -1).getID());
            childIds.add(live.open(state, k).getID());
        }
        Comm box = live.open(
                Protocol.vbox(childIds, live.open(Protocol.layout(), -1).getID()), -1);
        DisplayData widget = new DisplayData(Protocol.describe(sliders));
        widget.putData(Protocol.VIEW_MIME, Protocol.view(box.getID()));
        kernel.display(widget, null);
        for (int k = 0; k < first.size(); k++) {
            kernel.display(kernel.render(first.get(k)), live.displayIds.get(k));
        }
    }

    private List<String> names() {
        return sliders.stream().map(Slider::name).toList();
    }

    /** A model of this control; messages to a slider's model carry its index, to others (layouts, box) −1. */
    private Comm open(Map<String, Object> state, int slider) {
        return kernel.openWidget(state, (model, data, cause) -> receive(model, state, slider, data, cause));
    }

    /**
     * On the kernel's shell thread. A new value is noted for the worker, and the handler returns so the front end may
     * send the next one. A state request comes from a front end that connects to the running kernel again (a page
     * reloaded, the notebook reopened): it gets the state, but the sliders disabled and saying so, because such a
     * page no longer routes update_display_data to the cell's outputs (JupyterLab delivers an update only to the
     * outputs of executions it has seen with that display id), so dragging there would change nothing. (JupyterLab
     * does not ask today: see {@link Kernel} on comm_info_reply.)
     */
    private void receive(
            Comm model, Map<String, Object> state, int slider, Map<String, Object> data, MessageContext cause) {
        Protocol.Incoming incoming = Protocol.Incoming.of(data);
        if (incoming instanceof Protocol.StateRequest) {
            Map<String, Object> now = new LinkedHashMap<>(state);
            if (slider >= 0) {
                synchronized (values) {
                    now.put("value", values[slider]);
                }
                now.put("disabled", true);
                now.put("description", sliders.get(slider).name() + " (run the cell again to drag)");
            }
            kernel.reply(model, Protocol.update(now), cause);
        } else if (incoming instanceof Protocol.NewValue v && slider >= 0) {
            double[] now;
            synchronized (values) {
                values[slider] = sliders.get(slider).snap(v.value());
                now = values.clone();
            }
            if (pending.getAndSet(new Request(now, cause, received.incrementAndGet())) == null) {
                WORKER.execute(this::drawLatest);
            }
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
            if (outputs.size() != displayIds.size()) {
                throw new IllegalStateException("the control's view returned " + outputs.size() + " outputs, but "
                        + displayIds.size() + " at the start; it must return as many each time");
            }
            drafts = render(outputs, true);
        } catch (RuntimeException | Error e) {
            // No cell is running to show a stack trace in: the first output says what went wrong instead.
            kernel.update(displayIds.get(0), failed(request, e), request.cause());
            return;
        }
        for (int k = 0; k < drafts.size(); k++) {
            kernel.update(displayIds.get(k), drafts.get(k), request.cause());
        }
        if (drafts.stream().anyMatch(d -> d.hasDataForType(MIMEType.IMAGE_PNG))) {
            WORKER.schedule(() -> sharpen(request, outputs, drafts), SETTLE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The charts of a value no newer value has followed, drawn again at 2×; texts stay as they are. */
    private void sharpen(Request request, List<Object> outputs, List<DisplayData> drafts) {
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
            if (drafts.get(k).hasDataForType(MIMEType.IMAGE_PNG)) {
                kernel.update(displayIds.get(k), sharp.get(k), request.cause());
            }
        }
    }

    private List<DisplayData> render(List<Object> outputs, boolean draft) {
        DRAFT.set(draft);
        try {
            return outputs.stream().map(kernel::render).toList();
        } finally {
            DRAFT.set(false);
        }
    }

    private DisplayData failed(Request request, Throwable e) {
        return new DisplayData("The control's view failed at " + new Values(names(), request.values()) + ": " + e);
    }

    /** A view's result as outputs: each element of a list is one, anything else is a single output. */
    static List<Object> outputs(Object result) {
        if (result == null) {
            throw new IllegalArgumentException(
                    "the control's view returned null: return a chart, a text or a " + "List of them");
        }
        List<Object> outputs = new ArrayList<>(result instanceof List<?> list ? list : List.of(result));
        if (outputs.isEmpty() || outputs.contains(null)) {
            throw new IllegalArgumentException("the control's view returned " + result + ": return a chart, a text "
                    + "or a non-empty List of them, without nulls");
        }
        return outputs;
    }
}
