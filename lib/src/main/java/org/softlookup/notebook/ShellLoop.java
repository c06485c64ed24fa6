package org.softlookup.notebook;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;

/**
 * A shell or control channel's loop that waits in ZeroMQ's poll, for at most {@link #POLL_MS}, instead of JJava
 * 1.0a8's poll that does not wait followed by a 50 ms sleep: a request is read as soon as it arrives, not up to 50 ms
 * later, and an idle kernel wakes 10 times a second instead of 20. Each message is handled as JJava's loop handles it.
 * <p>
 * It replaces the channel's {@code Loop} thread (a new one; JJava's keeps its body and sleep in final fields), reached
 * through two private fields that are not final: {@code ShellChannel.ioloop}, which {@code close()} shuts down, and
 * {@code Loop.onCloseCb}. The socket is not thread-safe, so the new thread polls only after JJava's has ended.
 */
final class ShellLoop {

    /** How long a poll waits: how soon the loop notices that it was shut down; a message ends the wait at once. */
    static final long POLL_MS = 100;

    private static final Logger LOG = Logger.getLogger(ShellLoop.class.getName());

    private final ShellChannel channel;
    private final JupyterConnection connection;
    private final Loop previous;
    private final Object poller;
    private final Method poll, closePoller;
    private final Field closed;
    private boolean previousEnded;

    private ShellLoop(ShellChannel channel, JupyterConnection connection, Loop previous)
            throws ReflectiveOperationException {
        this.channel = channel;
        this.connection = connection;
        this.previous = previous;
        // JeroMQ's Poller through the kernel's own classes: 1.0a8 shades it, the 1.0-a6 we compile against does not.
        Object context = KernelPatches.read(channel, JupyterSocket.class, "ctx", Object.class);
        poller = context.getClass().getMethod("poller", int.class).invoke(context, 1);
        Class<?> socket = JupyterSocket.class.getSuperclass();
        int pollIn = poller.getClass().getField("POLLIN").getInt(null);
        poller.getClass().getMethod("register", socket, int.class).invoke(poller, channel, pollIn);
        poll = poller.getClass().getMethod("poll", long.class);
        closePoller = poller.getClass().getMethod("close");
        closed = JupyterSocket.class.getDeclaredField("closed");
        closed.setAccessible(true);
    }

    /**
     * Puts a waiting loop in place of {@code channel}'s JJava loop: every link is checked first (an
     * IllegalStateException or a ReflectiveOperationException names the one missing), then the threads are swapped.
     */
    static void replace(ShellChannel channel, JupyterConnection connection) throws ReflectiveOperationException {
        Loop previous = (Loop) KernelPatches.read(channel, ShellChannel.class, "ioloop", Loop.class);
        if (previous == null) {
            throw new IllegalStateException("the channel has no loop running");
        }
        Field ioloop = accessible(ShellChannel.class, "ioloop");
        Field onClose = accessible(Loop.class, "onCloseCb");
        KernelPatches.read(previous, Loop.class, "onCloseCb", Runnable.class);
        ShellLoop body = new ShellLoop(channel, connection, previous);
        Loop loop = new Loop(previous.getName(), 0, body::turn); // 0: no sleep, the poll waits
        loop.onClose(() -> body.ended(ioloop));
        loop.onError(body::failed);
        // JJava's close callback would clear the field that now names the new loop.
        onClose.set(previous, null);
        ioloop.set(channel, loop);
        loop.start();
        previous.shutdown(); // it ends after the message it is handling, if any, and its sleep
    }

    /** One turn: waits for a message up to POLL_MS and handles it. */
    private void turn() {
        if (!previousEnded) {
            try {
                previous.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while JJava's loop was ending", e);
            }
            previousEnded = true;
        }
        if ((int) call(poll, POLL_MS) > 0) {
            handle(channel.readMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a handler takes the content type of its own message type
    private void handle(Message message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            LOG.warning("Unhandled message: " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(channel, message);
        try {
            handler.handle(env, message);
        } catch (Exception e) {
            LOG.log(
                    Level.WARNING,
                    "Unhandled exception handling "
                            + message.getHeader().getType().getName(),
                    e);
        } finally {
            env.resolveDeferrals(); // the reply and the idle status
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
    }

    /** The loop's answer to an exception: stop once the socket is closed (at shutdown), else go on after a pause. */
    private long failed(Throwable t) {
        if (isClosed()) {
            return -1;
        }
        LOG.log(Level.WARNING, "Soft Lookup's shell loop: " + t, t);
        return 50;
    }

    private boolean isClosed() {
        try {
            return closed.getBoolean(channel);
        } catch (IllegalAccessException e) {
            return true;
        }
    }

    /** As JJava's loop ends: the channel has no loop any more (so close() does not shut it down twice). */
    private void ended(Field ioloop) {
        try {
            closePoller.invoke(poller);
            ioloop.set(channel, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "closing the shell loop's poller", e);
        }
    }

    private Object call(Method method, Object... arguments) {
        try {
            return method.invoke(poller, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
