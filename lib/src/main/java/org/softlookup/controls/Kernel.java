package org.softlookup.controls;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;

/**
 * The JJava kernel as the controls use it: widget comms to the front end (with binary buffers), and outputs shown in
 * the running cell, with a display id when a cell replaces them itself (Progress). Everything JJava's public API does
 * not carry is done here, in one place:
 * <ul>
 * <li>JSON. The kernel that PyPI's jjava 1.0a8 runs (jjava-jupyter 1.0-a8) shades Gson, so {@code Comm.send} takes
 * {@code org.dflib.jjava.shaded.com.google.gson.JsonObject}, while Maven Central's newest jjava-jupyter (1.0-a6, which
 * we compile against) declares {@code com.google.gson.JsonObject}. A direct call would fail with NoSuchMethodError,
 * so the comm data goes through whichever Gson the running kernel has, found from {@code Comm.send}'s parameter.</li>
 * <li>Messages after the cell has finished. {@code Comm.send} names the last executed cell as the parent; a redraw
 * answers a slider's comm_msg and the answer to a request_state must name the request, so these are sent on the IOPub
 * socket that the kernel's CommManager already sends comm messages on ({@code JupyterSocket.sendMessage} is
 * synchronized, so the worker thread may use it; it sends a message's blobs as the buffer frames).</li>
 * </ul>
 * JJava's own comm_info_reply lacks {@code "status": "ok"}, so jupyterlab_widgets (which requires it) would restore
 * no model after a page reload; the notebook extension's {@code KernelPatches} answers it instead, with the status,
 * from the first cell on (docs/upstream-jjava.md).
 */
final class Kernel {

    private static volatile Kernel current;

    private final BaseKernel kernel;
    private final KernelJson json;

    private Kernel(BaseKernel kernel) {
        this.kernel = kernel;
        this.json = new KernelJson();
    }

    /** Called once by the notebook extension when the kernel starts. */
    static void attach(BaseKernel kernel) {
        current = new Kernel(kernel);
    }

    static Kernel current() {
        Kernel k = current;
        if (k == null) {
            throw new IllegalStateException("controls need the Jupyter kernel \"Java (Soft Lookup)\": run this cell in "
                    + "a notebook (outside one, call the function the control would call)");
        }
        return k;
    }

    /**
     * Opens a comm to the front end's widget manager, which creates the model from the state; {@code onMessage}
     * then receives each message the front end sends to that model.
     */
    Comm openWidget(Map<String, Object> state, Listener onMessage) {
        Comm comm = kernel.getCommManager().openComm(Protocol.TARGET, (manager, id, target, open) -> {
            json.fill(open.getContent(), Protocol.open(state));
            open.getNonNullMetadata().putAll(Protocol.openMetadata());
            return new WidgetComm(manager, id, target, json, onMessage);
        });
        if (comm == null) {
            throw new IllegalStateException("the kernel is not connected to a front end, so no control can be shown");
        }
        return comm;
    }

    /**
     * A comm message answering {@code cause}, with {@code buffers} as its binary frames: its parent header is the
     * message it answers, which the front end's widget manager matches when it restores models after a reload
     * (Comm.send would name the last executed cell).
     */
    void reply(Comm comm, Map<String, Object> data, List<byte[]> buffers, MessageContext cause) {
        Message<CommMsgCommand> message = new Message<>(
                cause, CommMsgCommand.MESSAGE_TYPE, json.message(comm.getID(), data), buffers, new HashMap<>());
        invoke(SEND_MESSAGE, field(kernel.getCommManager(), "iopub"), message);
    }

    /**
     * A comm message from the running cell (its parent is the cell's execute_request, so nbclient records it in the
     * stored notebook's widget state too), with {@code buffers} as its binary frames.
     */
    void send(Comm comm, Map<String, Object> data, List<byte[]> buffers) {
        json.send(comm, data, buffers);
    }

    /** Shows an output in the running cell, under {@code displayId} when it is not null. */
    void display(DisplayData data, String displayId) {
        if (displayId != null) {
            withId(data, displayId);
        }
        kernel.display(data);
    }

    /**
     * Replaces the output shown under {@code displayId} while the cell that showed it is still running: JJava's own
     * route, which publishes only during an execute_request (after the cell it would drop the update).
     */
    void updateInCell(String displayId, DisplayData data) {
        kernel.getIO().display.updateDisplay(displayId, data);
    }

    /** Whether a kernel is attached: false in a plain JVM (a test, a script), where there is no notebook to show. */
    static boolean attached() {
        return current != null;
    }

    DisplayData render(Object value) {
        return kernel.getRenderer().render(value);
    }

    /**
     * The metadata of a rendered output (the size an image is shown at), or an empty map: DisplayData has no getter
     * for it in either JJava version, so its field is read.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(DisplayData data) {
        try {
            Field f = DisplayData.class.getDeclaredField("metadata");
            f.setAccessible(true);
            Object metadata = f.get(data);
            return metadata instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Map.of(); // the image is then shown at its own pixel size
        }
    }

    /**
     * Not {@code DisplayData.setDisplayId}: it returns void in jjava-jupyter 1.0-a6 and DisplayData in 1.0-a8, so a
     * call compiled against one fails with NoSuchMethodError in the other. The transient entry is what both write.
     */
    private static void withId(DisplayData data, String displayId) {
        data.putTransientData("display_id", displayId);
    }

    private static final Method SEND_MESSAGE = method(JupyterSocket.class, "sendMessage", Message.class);

    /** What a control does with a message from the front end to one of its models. */
    @FunctionalInterface
    interface Listener {
        /** {@code data} as plain maps and lists; {@code cause} is the message, the parent of any reply. */
        void onMessage(Comm model, Map<String, Object> data, MessageContext cause);
    }

    /** A widget model's comm: hands each message's data, as plain maps, to the control. */
    private static final class WidgetComm extends Comm {
        private final KernelJson json;
        private final Listener onMessage;

        WidgetComm(CommManager manager, String id, String target, KernelJson json, Listener onMessage) {
            super(manager, id, target);
            this.json = json;
            this.onMessage = onMessage;
        }

        @Override
        protected void onMessage(Message<CommMsgCommand> message) {
            onMessage.onMessage(this, json.data(message.getContent()), message);
        }

        @Override
        protected void onClose(Message<CommCloseCommand> closeMessage, boolean sending) {}
    }

    /** The running kernel's own Gson, reached by reflection (see the class comment). */
    private static final class KernelJson {
        private final Method add, toTree, fromTree, openData, messageData, send;
        private final Constructor<?> messageConstructor;
        private final Object gson;

        KernelJson() {
            Method send = Arrays.stream(Comm.class.getMethods())
                    .filter(m -> m.getName().equals("send") && m.getParameterCount() == 1)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("this JJava has no Comm.send(JsonObject)"));
            Class<?> object = send.getParameterTypes()[0], element = object.getSuperclass();
            try {
                Class<?> builder =
                        Class.forName(object.getPackageName() + ".GsonBuilder", true, object.getClassLoader());
                Object b = builder.getConstructor().newInstance();
                builder.getMethod("serializeNulls").invoke(b);
                gson = builder.getMethod("create").invoke(b);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reach the Gson of this JJava kernel: " + e, e);
            }
            add = method(object, "add", String.class, element);
            this.send = method(Comm.class, "send", object, Map.class, List.class);
            toTree = method(gson.getClass(), "toJsonTree", Object.class);
            fromTree = method(gson.getClass(), "fromJson", element, Class.class);
            openData = method(CommOpenCommand.class, "getData");
            messageData = method(CommMsgCommand.class, "getData");
            try {
                messageConstructor = CommMsgCommand.class.getConstructor(String.class, object);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("this JJava kernel lacks new CommMsgCommand(String, JsonObject)", e);
            }
        }

        void fill(CommOpenCommand open, Map<String, Object> data) {
            Object target = invoke(openData, open);
            data.forEach((key, value) -> invoke(add, target, key, invoke(toTree, gson, value)));
        }

        CommMsgCommand message(String commId, Map<String, Object> data) {
            Object tree = invoke(toTree, gson, data);
            try {
                return (CommMsgCommand) messageConstructor.newInstance(
                        commId, invoke(method(tree.getClass(), "getAsJsonObject"), tree));
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        void send(Comm comm, Map<String, Object> data, List<byte[]> buffers) {
            Object tree = invoke(toTree, gson, data);
            invoke(send, comm, invoke(method(tree.getClass(), "getAsJsonObject"), tree), new HashMap<>(), buffers);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> data(CommMsgCommand message) {
            return (Map<String, Object>) invoke(fromTree, gson, invoke(messageData, message), Map.class);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                    "this JJava kernel lacks " + type.getName() + "." + name + ", which the controls need", e);
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object field(Object owner, String name) {
        try {
            Field f = CommManager.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot reach the kernel's IOPub socket (CommManager." + name
                            + ") in this JJava version, so controls could not redraw: " + e,
                    e);
        }
    }
}
