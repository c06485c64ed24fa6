package org.softlookup.notebook;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;

/**
 * Fixes to the JJava 1.0a8 kernel that need its connection, put in place during the first cell the kernel runs:
 * a comm_info_reply with {@code "status": "ok"}, which JupyterLab's widget manager needs to restore widgets after a
 * page reload, and shell and control loops that wait in poll instead of sleeping 50 ms ({@link ShellLoop}).
 * <p>
 * JJava installs extensions before it connects, and no public object leads to the connection afterwards; during an
 * execute_request one does: {@code kernel.getIO().display}'s private {@code env} (the request's reply environment),
 * whose public {@code getShell()} is the shell channel, whose private {@code connection} has the public
 * {@code setHandler}. A JShell snippet event is the hook: JShell reports each snippet of a cell on the thread that
 * handles the request, while that environment is attached (the extension's own imports, evaluated before the
 * connection exists, find none and wait for the next). Named fields on a path JJava itself uses, at a moment JJava
 * gives, rather than a thread that polls for the connection or digs it out of the lambdas JJava's loop threads
 * capture. If a link is not what 1.0a8 has, JJava is left as it is and the kernel's log says once why. A kernel
 * that has run no cell still answers comm_info_request JJava's way; it has no widget to restore either.
 */
final class KernelPatches {

    /** An environment variable: "off" leaves JJava as it is. */
    static final String SWITCH = "SOFTLOOKUP_JJAVA_PATCHES";

    private static final Logger LOG = Logger.getLogger(KernelPatches.class.getName());
    private static final String EVERYTHING = "JJava's comm_info_reply (no \"status\", so JupyterLab restores no widget "
            + "after a page reload) and its shell loop (a request waits up to 50 ms before it is read)";

    private final BaseKernel kernel;
    private volatile boolean done;

    private KernelPatches(BaseKernel kernel) {
        this.kernel = kernel;
    }

    /** Called by the notebook extension when the kernel starts: the patches wait for the first cell. */
    static void install(BaseKernel kernel) {
        if ("off".equals(System.getenv(SWITCH))) { // JJava as PyPI ships it: for a comparison, or should one fail
            LOG.info("Soft Lookup: left " + EVERYTHING + " as it is, because " + SWITCH + "=off");
            return;
        }
        KernelPatches patches = new KernelPatches(kernel);
        try {
            // JavaKernel.getJShell is not in jjava-jupyter, which the library compiles against.
            JShell shell = (JShell) kernel.getClass().getMethod("getJShell").invoke(kernel);
            // Never unsubscribed: JShell notifies its listeners in a HashMap's forEach, which a listener removing
            // itself would break; once done, the listener returns at once.
            shell.onSnippetEvent(patches.onSnippet());
        } catch (ReflectiveOperationException | RuntimeException e) {
            patches.done = true;
            leftAlone(EVERYTHING, "this kernel has no JShell to watch for the first cell (" + e + ")");
        }
    }

    private Consumer<SnippetEvent> onSnippet() {
        return event -> {
            if (done) {
                return;
            }
            try {
                Object env = read(kernel.getIO().display, DisplayStream.class, "env", ShellReplyEnvironment.class);
                if (env == null) {
                    return; // no request is being handled: not yet connected
                }
                done = true;
                patch(connection((ShellReplyEnvironment) env));
            } catch (RuntimeException | LinkageError e) {
                done = true;
                leftAlone(EVERYTHING, e.getMessage() != null ? e.getMessage() : e.toString());
            }
        };
    }

    /** The kernel's connection, from the environment of the request being handled. */
    static JupyterConnection connection(ShellReplyEnvironment env) {
        Object shell = env.getShell();
        if (!(shell instanceof ShellChannel)) {
            throw new IllegalStateException("the request's shell is a " + type(shell) + ", not JJava's ShellChannel");
        }
        return (JupyterConnection) read(shell, ShellChannel.class, "connection", JupyterConnection.class);
    }

    private void patch(JupyterConnection connection) {
        new CommInfoOk(Map.of()); // a reply class this JJava cannot link fails here, not in the handler later
        connection.setHandler(MessageType.COMM_INFO_REQUEST, (env, request) -> answer(env, request));
        try {
            for (String channel : new String[] {"shell", "control"}) {
                ShellLoop.replace(
                        (ShellChannel) read(connection, JupyterConnection.class, channel, ShellChannel.class),
                        connection);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("Soft Lookup: JJava's comm_info_reply now has \"status\": \"ok\"");
            leftAlone("JJava's shell loop (a request waits up to 50 ms before it is read)", e.toString());
            return;
        }
        LOG.info("Soft Lookup: JJava's comm_info_reply now has \"status\": \"ok\", and its shell and control channels "
                + "wait in poll for a request instead of sleeping 50 ms (docs/upstream-jjava.md)");
    }

    /** What JJava's CommManager answers (the open comms, of the requested target if one is named), with a status. */
    private void answer(ShellReplyEnvironment env, Message<CommInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new CommInfoOk(
                comms(kernel.getCommManager(), request.getContent().getTargetName())));
    }

    static Map<String, CommInfoReply.CommInfo> comms(CommManager manager, String target) {
        Map<String, CommInfoReply.CommInfo> comms = new LinkedHashMap<>();
        for (Comm comm : manager) {
            if (target == null || target.equals(comm.getTargetName())) {
                comms.put(comm.getID(), new CommInfoReply.CommInfo(comm.getTargetName()));
            }
        }
        return comms;
    }

    /** JJava's reply plus the field the messaging spec requires of every reply; serialised by its runtime class. */
    static final class CommInfoOk extends CommInfoReply {
        @SuppressWarnings("unused") // read by JJava's Gson
        private final String status = "ok";

        CommInfoOk(Map<String, CommInfo> comms) {
            super(comms);
        }
    }

    /**
     * The private field {@code declaring.name} of {@code owner}, which must be declared with a type assignable to
     * {@code type}; an IllegalStateException naming the link otherwise, before anything has been changed.
     */
    static Object read(Object owner, Class<?> declaring, String name, Class<?> type) {
        if (!declaring.isInstance(owner)) {
            throw new IllegalStateException("expected JJava's " + declaring.getName() + ", found " + type(owner));
        }
        Field field;
        try {
            field = declaring.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(declaring.getSimpleName() + " has no field " + name);
        }
        if (!type.isAssignableFrom(field.getType())) {
            throw new IllegalStateException(declaring.getSimpleName() + "." + name + " is a "
                    + field.getType().getName() + ", not a " + type.getName());
        }
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + declaring.getSimpleName() + "." + name + ": " + e);
        }
    }

    private static String type(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    private static void leftAlone(String what, String why) {
        LOG.warning("Soft Lookup: left " + what + " as it is, because " + why
                + ". This JJava is not the 1.0a8 the course pins.");
    }
}
