package org.softlookup.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The loop swap on a real JupyterConnection of jjava-jupyter 1.0-a6 (which the library compiles against; its channels
 * have the fields 1.0a8 has, with JeroMQ unshaded): JJava's thread ends, the new one reads and dispatches a request,
 * and closing the connection ends it. tests/test_kernel_protocol.py checks the same in the real 1.0a8 kernel.
 */
class ShellLoopTest {

    @Test
    void theNewLoopHandlesARequestAndEndsWhenTheConnectionCloses() throws Exception {
        JupyterConnection connection = new JupyterConnection(properties());
        connection.connect();
        try {
            ShellChannel shell = shell(connection);
            Loop jjava = loop(shell);
            CountDownLatch handled = new CountDownLatch(1);
            connection.setHandler(MessageType.KERNEL_INFO_REQUEST, (env, message) -> handled.countDown());

            ShellLoop.replace(shell, connection);
            Loop ours = loop(shell);
            assertNotSame(jjava, ours);
            assertEquals(jjava.getName(), ours.getName());
            jjava.join(2000);
            assertFalse(jjava.isAlive(), "JJava's loop ended");

            try (ZMQ.Context context = ZMQ.context(1);
                    ZMQ.Socket client = context.socket(SocketType.DEALER)) {
                client.connect("tcp://127.0.0.1:" + port(connection, "shell"));
                for (String frame : new String[] {"<IDS|MSG>", "", header(), "{}", "{}"}) {
                    client.sendMore(frame);
                }
                client.send("{}");
                assertTrue(handled.await(5, TimeUnit.SECONDS), "the request reached its handler");
                client.setLinger(0);
            }
            assertSame(ours, loop(shell));
            connection.close();
            ours.join(2000);
            assertFalse(ours.isAlive(), "closing the connection ended the loop");
            assertNull(loop(shell));
        } finally {
            connection.close();
        }
    }

    @Test
    void aChannelWithoutALoopIsLeftAsItIs() throws Exception {
        JupyterConnection connection = new JupyterConnection(properties()); // not connected: nothing runs
        try {
            ShellChannel shell = shell(connection);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> ShellLoop.replace(shell, connection));
            assertEquals("the channel has no loop running", e.getMessage());
            assertNull(loop(shell));
        } finally {
            connection.close();
        }
    }

    private static ShellChannel shell(JupyterConnection connection) {
        return (ShellChannel) KernelPatches.read(connection, JupyterConnection.class, "shell", ShellChannel.class);
    }

    private static Loop loop(ShellChannel shell) {
        return (Loop) KernelPatches.read(shell, ShellChannel.class, "ioloop", Loop.class);
    }

    private static int port(JupyterConnection connection, String channel) {
        KernelConnectionProperties p = (KernelConnectionProperties)
                KernelPatches.read(connection, JupyterConnection.class, "connProps", KernelConnectionProperties.class);
        return channel.equals("shell") ? p.getShellPort() : p.getControlPort();
    }

    private static String header() {
        return "{\"msg_id\": \"1\", \"username\": \"test\", \"session\": \"s\", \"date\": \"2026-12-07T15:35:00.000Z\","
                + " \"msg_type\": \"kernel_info_request\", \"version\": \"5.3\"}";
    }

    private static KernelConnectionProperties properties() throws IOException {
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports[i] = s.getLocalPort();
            }
        }
        return KernelConnectionProperties.parse(String.format(
                "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"shell_port\": %d, \"iopub_port\": %d,"
                        + " \"stdin_port\": %d, \"control_port\": %d, \"hb_port\": %d, \"key\": \"\","
                        + " \"signature_scheme\": \"hmac-sha256\"}",
                ports[0], ports[1], ports[2], ports[3], ports[4]));
    }
}
