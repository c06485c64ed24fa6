package org.softlookup.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.softlookup.Errors.assertRejects;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A line shown within a quarter second of the last is skipped; the final line always shows. */
    @Test
    void showsAtMostFourLinesASecondAndAlwaysTheLast() {
        AtomicLong now = new AtomicLong(0);
        Progress p = new Progress(null, now::get);
        now.set(100_000_000L);
        p.show("step 1");
        assertEquals("", p.line());
        now.set(300_000_000L);
        p.show("step 2");
        assertEquals("step 2", p.line());
        now.set(400_000_000L);
        p.show("step 3");
        assertEquals("step 2", p.line());
        p.done("finished");
        assertEquals("finished", p.line());
    }

    @Test
    void aFinishedLineTakesNoMoreAndNullIsRefused() {
        Progress p = new Progress(null, () -> 0);
        assertRejects(() -> p.show(null), "line", "null");
        p.done("finished");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.show("again"));
        assertEquals("this progress line is done: start a new one with Progress.start()", e.getMessage());
    }
}
