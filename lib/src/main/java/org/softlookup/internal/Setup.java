package org.softlookup.internal;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets the library up once per JVM: ND4J's class loader, double precision, headless charts. Every class of the
 * library that touches ND4J or AWT calls {@link #ensureReady()} from its static initialiser, so no method can forget
 * it and a learner never has to.
 */
public final class Setup {

    private static volatile boolean ready;

    private Setup() {}

    /** Idempotent set-up; cheap after the first call. */
    public static void ensureReady() {
        if (ready) {
            return;
        }
        synchronized (Setup.class) {
            if (ready) {
                return;
            }
            // Charts are drawn off-screen; without this AWT looks for a display inside a notebook kernel.
            System.setProperty("java.awt.headless", "true");
            // A notebook kernel loads us in its own class loader; ND4J must look for its backend there,
            // not in the system class loader, or it finds none.
            ND4JClassLoading.setNd4jClassloaderFromClass(Setup.class);
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            ready = true;
        }
    }
}
