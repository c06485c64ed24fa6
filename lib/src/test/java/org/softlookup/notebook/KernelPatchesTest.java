package org.softlookup.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The guard on JJava's private fields: a link that is missing or of another type is named, before anything changes.
 * That the chain is 1.0a8's, and the patches work, is checked in the real kernel (tests/test_kernel_protocol.py).
 */
class KernelPatchesTest {

    static class Channel {
        @SuppressWarnings("unused")
        private final Connection connection = new Connection();

        @SuppressWarnings("unused")
        private final String renamed = "a field of another type";
    }

    static class Connection {}

    @Test
    void readsAPrivateFieldOfTheExpectedType() {
        Channel channel = new Channel();
        assertEquals(channel.connection, KernelPatches.read(channel, Channel.class, "connection", Connection.class));
    }

    @Test
    void namesAMissingField() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> KernelPatches.read(new Channel(), Channel.class, "conn", Connection.class));
        assertEquals("Channel has no field conn", e.getMessage());
    }

    @Test
    void namesAFieldOfAnotherType() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> KernelPatches.read(new Channel(), Channel.class, "renamed", Connection.class));
        assertEquals("Channel.renamed is a java.lang.String, not a " + Connection.class.getName(), e.getMessage());
    }

    @Test
    void namesAnOwnerOfAnotherClass() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> KernelPatches.read(new Connection(), Channel.class, "connection", Connection.class));
        assertEquals(
                "expected JJava's " + Channel.class.getName() + ", found " + Connection.class.getName(),
                e.getMessage());
    }
}
