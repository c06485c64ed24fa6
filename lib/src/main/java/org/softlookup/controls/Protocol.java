package org.softlookup.controls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jupyter widget messaging protocol, version 2.1 (ipywidgets 8, @jupyter-widgets/controls 2.x), as plain maps:
 * each model's state, the comm messages that carry it and the display bundle that shows a widget. Only what the
 * course's controls use: a float slider (linear or log) with its layout and style, a vertical box of sliders, and
 * what a view draws: an image (its PNG bytes travel as a binary buffer beside the message) and HTML text.
 */
final class Protocol {

    /** The comm target of widget models, and the protocol version that every comm_open's metadata must carry. */
    static final String TARGET = "jupyter.widget", VERSION = "2.1.0";

    static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";
    private static final String BASE = "@jupyter-widgets/base", CONTROLS = "@jupyter-widgets/controls";
    private static final String MODULE_VERSION = "2.0.0";
    /** LayoutModel's CSS properties, all unset: the front end's defaults apply. */
    private static final List<String> LAYOUT_PROPERTIES = List.of(
            "align_content",
            "align_items",
            "align_self",
            "border_bottom",
            "border_left",
            "border_right",
            "border_top",
            "bottom",
            "display",
            "flex",
            "flex_flow",
            "grid_area",
            "grid_auto_columns",
            "grid_auto_flow",
            "grid_auto_rows",
            "grid_column",
            "grid_gap",
            "grid_row",
            "grid_template_areas",
            "grid_template_columns",
            "grid_template_rows",
            "height",
            "justify_content",
            "justify_items",
            "left",
            "margin",
            "max_height",
            "max_width",
            "min_height",
            "min_width",
            "object_fit",
            "object_position",
            "order",
            "overflow",
            "padding",
            "right",
            "top",
            "visibility",
            "width");

    private Protocol() {}

    /** A reference from one model's state to another model, by its comm id. */
    static String ref(String modelId) {
        return "IPY_MODEL_" + modelId;
    }

    static Map<String, Object> layout() {
        Map<String, Object> state = model(BASE, "LayoutModel", BASE, "LayoutView");
        LAYOUT_PROPERTIES.forEach(p -> state.put(p, null));
        return state;
    }

    static Map<String, Object> sliderStyle() {
        Map<String, Object> state = model(CONTROLS, "SliderStyleModel", BASE, "StyleView");
        state.put("description_width", "");
        state.put("handle_color", null);
        return state;
    }

    /** A slider's model: a FloatSliderModel, or a FloatLogSliderModel for a log slider. */
    static Map<String, Object> slider(Slider slider, String layoutId, String styleId) {
        return slider.log() ? floatLogSlider(slider, layoutId, styleId) : floatSlider(slider, layoutId, styleId);
    }

    static Map<String, Object> floatSlider(Slider slider, String layoutId, String styleId) {
        return sliderState("FloatSliderModel", "FloatSliderView", slider, layoutId, styleId, null);
    }

    /**
     * A log slider's model. Its min, max and step are exponents of its base, its value is the value itself (the front
     * end sends base^exponent): base = the slider's factor, step 1, and the exponents of min and max.
     */
    static Map<String, Object> floatLogSlider(Slider slider, String layoutId, String styleId) {
        double low = Math.log(slider.min()) / Math.log(slider.step());
        double steps = Math.rint(Math.log(slider.max() / slider.min()) / Math.log(slider.step()));
        // Whole exponents exactly (log 512 / log 2 is 9 only to rounding), so the front end's 2^9 is 512.
        low = Math.abs(low - Math.rint(low)) < 1e-9 ? Math.rint(low) : low;
        Map<String, Object> state =
                sliderState("FloatLogSliderModel", "FloatLogSliderView", slider, layoutId, styleId, slider.step());
        state.put("max", low + steps);
        state.put("min", low);
        state.put("step", 1.0);
        return state;
    }

    private static Map<String, Object> sliderState(
            String model, String view, Slider slider, String layoutId, String styleId, Double base) {
        Map<String, Object> state = model(CONTROLS, model, CONTROLS, view);
        state.put("_dom_classes", List.of());
        if (base != null) {
            state.put("base", base);
        }
        state.put("behavior", "drag-tap");
        state.put("continuous_update", true); // values arrive while the learner drags, not only on release
        state.put("description", slider.name());
        state.put("description_allow_html", false);
        state.put("disabled", false);
        state.put("layout", ref(layoutId));
        state.put("max", slider.max());
        state.put("min", slider.min());
        state.put("orientation", "horizontal");
        state.put("readout", true);
        state.put("readout_format", slider.readoutFormat());
        state.put("step", slider.step());
        state.put("style", ref(styleId));
        state.put("tabbable", null);
        state.put("tooltip", null);
        state.put("value", slider.value());
        return state;
    }

    /**
     * An image's model without its value: the PNG bytes go in an update's buffer ({@link #update(Map, String)}), since
     * a comm_open of ours cannot carry one. {@code width} is the CSS width it is shown at ("" for its own pixels).
     */
    static Map<String, Object> image(String layoutId, String width) {
        Map<String, Object> state = model(CONTROLS, "ImageModel", CONTROLS, "ImageView");
        state.put("_dom_classes", List.of());
        state.put("format", "png");
        state.put("height", "");
        state.put("layout", ref(layoutId));
        state.put("tabbable", null);
        state.put("tooltip", null);
        state.put("width", width);
        return state;
    }

    static Map<String, Object> html(String value, String layoutId, String styleId) {
        Map<String, Object> state = model(CONTROLS, "HTMLModel", CONTROLS, "HTMLView");
        state.put("_dom_classes", List.of());
        state.put("description", "");
        state.put("description_allow_html", false);
        state.put("layout", ref(layoutId));
        state.put("placeholder", "\u200b");
        state.put("style", ref(styleId));
        state.put("tabbable", null);
        state.put("tooltip", null);
        state.put("value", value);
        return state;
    }

    static Map<String, Object> htmlStyle() {
        Map<String, Object> state = model(CONTROLS, "HTMLStyleModel", BASE, "StyleView");
        state.put("background", null);
        state.put("description_width", "");
        state.put("font_size", null);
        state.put("text_color", null);
        return state;
    }

    /** A text output as HTML that looks like one: preformatted, in the notebook's code font (JupyterLab's class). */
    static String preformatted(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<div class=\"jp-RenderedText\"><pre>" + escaped + "</pre></div>";
    }

    static Map<String, Object> vbox(List<String> childIds, String layoutId) {
        Map<String, Object> state = model(CONTROLS, "VBoxModel", CONTROLS, "VBoxView");
        state.put("_dom_classes", List.of());
        state.put("box_style", "");
        state.put("children", childIds.stream().map(Protocol::ref).toList());
        state.put("layout", ref(layoutId));
        state.put("tabbable", null);
        state.put("tooltip", null);
        return state;
    }

    /** The data of the comm_open that creates a model; no state of ours is binary, so there are no buffers. */
    static Map<String, Object> open(Map<String, Object> state) {
        return Map.of("state", state, "buffer_paths", List.of());
    }

    /** The comm_open's metadata. */
    static Map<String, Object> openMetadata() {
        return Map.of("version", VERSION);
    }

    /** A state change sent to the front end, and the answer to a request_state when it is the whole state. */
    static Map<String, Object> update(Map<String, Object> state) {
        return Map.of("method", "update", "state", state, "buffer_paths", List.of());
    }

    /**
     * The same with one binary entry, {@code buffered}: it is left out of the JSON state and named in buffer_paths,
     * and its bytes travel as the message's one buffer (what ipywidgets' _remove_buffers does with an Image's value).
     */
    static Map<String, Object> update(Map<String, Object> state, String buffered) {
        Map<String, Object> json = new LinkedHashMap<>(state);
        json.remove(buffered);
        return Map.of("method", "update", "state", json, "buffer_paths", List.of(List.of(buffered)));
    }

    /** What display_data carries to show a model: its id and the protocol's version. */
    static Map<String, Object> view(String modelId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_id", modelId);
        view.put("version_major", 2);
        view.put("version_minor", 0);
        return view;
    }

    /** A message from the front end, read: a new value, a request for the whole state, or something we ignore. */
    sealed interface Incoming permits NewValue, StateRequest, Ignored {
        static Incoming of(Map<String, ?> data) {
            Object method = data.get("method");
            if ("request_state".equals(method)) {
                return new StateRequest();
            }
            if ("update".equals(method)
                    && data.get("state") instanceof Map<?, ?> state
                    && state.get("value") instanceof Number value
                    && Double.isFinite(value.doubleValue())) {
                return new NewValue(value.doubleValue());
            }
            return new Ignored(String.valueOf(method));
        }
    }

    record NewValue(double value) implements Incoming {}

    record StateRequest() implements Incoming {}

    record Ignored(String method) implements Incoming {}

    /** The text/plain beside a widget view: what GitHub, nbviewer and a terminal show instead of the sliders. */
    static String describe(List<Slider> sliders) {
        List<String> parts = new ArrayList<>();
        sliders.forEach(s -> parts.add(s.describe()));
        return (sliders.size() == 1 ? "Slider " : "Sliders ") + String.join("; ", parts)
                + " (drag in JupyterLab with the kernel running)";
    }

    private static Map<String, Object> model(String module, String name, String viewModule, String viewName) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("_model_module", module);
        state.put("_model_module_version", MODULE_VERSION);
        state.put("_model_name", name);
        state.put("_view_count", null);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", MODULE_VERSION);
        state.put("_view_name", viewName);
        return state;
    }
}
