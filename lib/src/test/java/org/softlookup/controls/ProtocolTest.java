package org.softlookup.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our widget messages against what ipywidgets, the protocol's reference implementation, sends for the same slider:
 * ipywidgets-reference.json is written by tools/widget_reference.py (model ids replaced by names).
 */
class ProtocolTest {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
    private static final JsonObject REFERENCE = reference();
    private static final Slider T = new Slider("T", 0.01, 2, 0.01, 0.2);

    private static JsonObject reference() {
        try (InputStream in = ProtocolTest.class.getResourceAsStream("ipywidgets-reference.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject opened(String model) {
        return REFERENCE.getAsJsonObject("comm_open").getAsJsonObject(model);
    }

    private static void assertJson(JsonElement expected, Object ours) {
        assertEquals(expected, GSON.toJsonTree(ours));
    }

    @Test
    void theReferenceIsThePinnedIpywidgets() {
        assertEquals("8.1.9", REFERENCE.get("ipywidgets").getAsString(), "regenerate the reference for a new pin");
        assertEquals(Protocol.VERSION, REFERENCE.get("protocol_version").getAsString());
    }

    @Test
    void sliderStateIsIpywidgetsFloatSlider() {
        assertJson(
                opened("slider").getAsJsonObject("data").get("state"),
                Protocol.floatSlider(T, "slider_layout", "slider_style"));
    }

    @Test
    void logSliderStateIsIpywidgetsFloatLogSlider() {
        // Lesson 05's d_k: the front end's model holds exponents of 2 (1 … 9), the value itself is 512.
        JsonObject open = REFERENCE.getAsJsonObject("log_slider");
        Slider dk = Slider.log("d_k", 2, 512, 2, 512);
        assertJson(
                open.getAsJsonObject("data"),
                Protocol.open(Protocol.slider(dk, "log_slider_layout", "log_slider_style")));
        assertEquals(Protocol.TARGET, open.get("target_name").getAsString());
        assertJson(open.get("metadata"), Protocol.openMetadata());
        assertJson(
                opened("slider").getAsJsonObject("data").get("state"),
                Protocol.slider(T, "slider_layout", "slider_style"));
    }

    @Test
    void aLogSlidersExponentsAreWholeWhereItsValuesArePowersOfTheFactor() {
        Map<String, Object> tenths = Protocol.floatLogSlider(Slider.log("lr", 0.001, 10, 10, 0.1), "l", "s");
        assertEquals(-3.0, tenths.get("min"));
        assertEquals(1.0, tenths.get("max"));
        assertEquals(".3~g", tenths.get("readout_format"));
        // 3 · 2⁴ = 48: the exponents are log₂ 3 and 4 more, and every front-end value 2^x snaps to 3, 6, …, 48.
        Slider threes = Slider.log("n", 3, 48, 2, 6);
        Map<String, Object> state = Protocol.floatLogSlider(threes, "l", "s");
        double low = (double) state.get("min");
        assertEquals(Math.log(3) / Math.log(2), low, 1e-15);
        assertEquals(low + 4, (double) state.get("max"), 0);
        for (int k = 0; k <= 4; k++) {
            assertEquals(3 * Math.pow(2, k), threes.snap(Math.pow(2, low + k)), 0);
        }
    }

    @Test
    void layoutStyleAndBoxAreIpywidgets() {
        assertJson(opened("slider_layout").getAsJsonObject("data").get("state"), Protocol.layout());
        assertJson(opened("box_layout").getAsJsonObject("data").get("state"), Protocol.layout());
        assertJson(opened("slider_style").getAsJsonObject("data").get("state"), Protocol.sliderStyle());
        assertJson(opened("box").getAsJsonObject("data").get("state"), Protocol.vbox(List.of("slider"), "box_layout"));
    }

    /**
     * A control's outputs: ipywidgets' Image and HTML. Ours opens the Image without its value and sends the PNG in an
     * update at once (a comm_open of ours cannot carry a buffer), so its opening state is ipywidgets' without the one
     * buffered entry, and the update is ipywidgets' own for a new value: an empty JSON state, buffer_paths [["value"]].
     */
    @Test
    void imageAndHtmlAreIpywidgetsAndAPngTravelsAsTheBuffer() {
        JsonObject outputs = REFERENCE.getAsJsonObject("outputs"), open = outputs.getAsJsonObject("comm_open");
        assertJson(
                open.getAsJsonObject("image").getAsJsonObject("data").get("state"),
                Protocol.image("image_layout", "1200"));
        assertJson(
                open.getAsJsonObject("html").getAsJsonObject("data").get("state"),
                Protocol.html("<pre>T = 0.2</pre>", "html_layout", "html_style"));
        assertJson(open.getAsJsonObject("html_style").getAsJsonObject("data").get("state"), Protocol.htmlStyle());
        assertJson(open.getAsJsonObject("image_layout").getAsJsonObject("data").get("state"), Protocol.layout());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        JsonObject update = outputs.getAsJsonObject("image_update");
        assertJson(update.get("data"), Protocol.update(Map.of("value", png), "value"));
        assertEquals(1, update.getAsJsonArray("buffers").size(), "one buffer: the PNG");
        // The whole state, as a request_state is answered: every entry but the bytes in the JSON, in that order.
        Map<String, Object> state = new LinkedHashMap<>(Protocol.image("image_layout", "1200"));
        state.put("value", png);
        assertJson(
                GSON.toJsonTree(Map.of(
                        "method",
                        "update",
                        "state",
                        Protocol.image("image_layout", "1200"),
                        "buffer_paths",
                        List.of(List.of("value")))),
                Protocol.update(state, "value"));
    }

    @Test
    void textIsShownPreformattedAndEscaped() {
        assertEquals(
                "<div class=\"jp-RenderedText\"><pre>a &lt;b&gt; &amp; c</pre></div>",
                Protocol.preformatted("a <b> & c"));
    }

    @Test
    void commOpenCarriesStateBufferPathsAndTheProtocolVersion() {
        for (String model : List.of("slider", "slider_layout", "slider_style", "box", "box_layout")) {
            JsonObject open = opened(model);
            assertEquals(Protocol.TARGET, open.get("target_name").getAsString());
            assertJson(open.get("metadata"), Protocol.openMetadata());
        }
        assertJson(
                opened("slider").get("data"), Protocol.open(Protocol.floatSlider(T, "slider_layout", "slider_style")));
    }

    @Test
    void theAnswerToRequestStateIsAnUpdateWithTheWholeState() {
        assertJson(REFERENCE.get("update"), Protocol.update(Protocol.floatSlider(T, "slider_layout", "slider_style")));
    }

    @Test
    void displayBundleNamesTheModelAndTheProtocolsMajorVersion() {
        assertJson(REFERENCE.get("view"), Protocol.view("box"));
    }

    @Test
    void readsTheFrontEndsMessages() {
        // As @jupyter-widgets/base 6 sends them: a dragged slider's new value, and a reloaded page's state request.
        Map<String, Object> drag =
                Map.of("method", "update", "state", Map.of("value", 0.57), "buffer_paths", List.of());
        assertEquals(new Protocol.NewValue(0.57), Protocol.Incoming.of(drag));
        assertInstanceOf(Protocol.StateRequest.class, Protocol.Incoming.of(Map.of("method", "request_state")));
        assertInstanceOf(Protocol.Ignored.class, Protocol.Incoming.of(Map.of("method", "custom", "content", Map.of())));
        assertInstanceOf(
                Protocol.Ignored.class,
                Protocol.Incoming.of(Map.of("method", "update", "state", Map.of("description", "x"))));
        assertInstanceOf(
                Protocol.Ignored.class,
                Protocol.Incoming.of(Map.of("method", "update", "state", Map.of("value", "0.5"))));
        assertInstanceOf(
                Protocol.Ignored.class,
                Protocol.Incoming.of(Map.of("method", "update", "state", Map.of("value", Double.NaN))));
    }

    @Test
    void plainTextNamesTheControl() {
        assertEquals(
                "Slider T from 0.01 to 2, at 0.2 (drag in JupyterLab with the kernel running)",
                Protocol.describe(List.of(T)));
        assertEquals(
                "Sliders T from 0.01 to 2, at 0.2; hue from 0 to 360, at 200 (drag in JupyterLab with the kernel "
                        + "running)",
                Protocol.describe(List.of(T, Slider.of("hue", 0, 360, 200))));
        assertEquals(
                "Slider d_k from 2 to 512 in steps of ×2, at 512 (drag in JupyterLab with the kernel running)",
                Protocol.describe(List.of(Slider.log("d_k", 2, 512, 2, 512))));
    }
}
