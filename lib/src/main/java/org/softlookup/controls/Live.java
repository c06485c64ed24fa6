package org.softlookup.controls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.MessageContext;

/**
 * A control on screen: its sliders (one widget model each, with a layout and a style, in one vertical box) and the
 * outputs its view draws under display ids. A new value is drawn by one worker thread for all controls, latest
 * first: while a drawing runs, newer values replace each other and only the last one is drawn next.
 */
final class Live {

    /** One thread: drawings never compete with each other for the machine's cores. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
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

    /** Values to draw, and the message that asked for them (the parent of the updates). */
    private record Request(double[] values, MessageContext cause) {}

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
            if (pending.getAndSet(new Request(now, cause)) == null) {
                WORKER.execute(this::drawLatest);
            }
        }
    }

    private void drawLatest() {
        Request request = pending.getAndSet(null);
        if (request == null) {
            return;
        }
        List<DisplayData> drawn = new ArrayList<>();
        try {
            List<Object> outputs = outputs(view.apply(new Values(names(), request.values())));
            if (outputs.size() != displayIds.size()) {
                throw new IllegalStateException("the control's view returned " + outputs.size() + " outputs, but "
                        + displayIds.size() + " at the start; it must return as many each time");
            }
            outputs.forEach(o -> drawn.add(kernel.render(o)));
        } catch (RuntimeException | Error e) {
            // No cell is running to show a stack trace in: the first output says what went wrong instead.
            drawn.clear();
            drawn.add(new DisplayData(
                    "The control's view failed at " + new Values(names(), request.values()) + ": " + e));
        }
        for (int k = 0; k < drawn.size(); k++) {
            kernel.update(displayIds.get(k), drawn.get(k), request.cause());
        }
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
