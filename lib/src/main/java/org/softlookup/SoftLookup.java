package org.softlookup;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets the library up once per JVM: ND4J's class loader, double precision, headless charts.
 * Every class of the library calls {@link #ensureReady()} before it touches ND4J, so a learner never has to.
 */
public final class SoftLookup {

    /** The library's version, as Maven built it. */
    public static final String VERSION = versionFromJar();

    private static volatile boolean ready;

    private SoftLookup() {
    }

    /**
     * Makes the library ready and says so in one line: the setup cell of every lesson.
     * Safe to call any number of times.
     */
    public static String setup() {
        ensureReady();
        return "Soft Lookup is ready: ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", numbers in "
                + Nd4j.defaultFloatingPointType() + ", Java " + Runtime.version().feature();
    }

    /** Prints {@link #setup()}: the launcher runs it once at install time, so javacpp unpacks ND4J's natives then, not in a lesson. */
    public static void main(String[] args) {
        System.out.println(setup());
    }

    /** Idempotent set-up; cheap after the first call. */
    static void ensureReady() {
        if (ready) {
            return;
        }
        synchronized (SoftLookup.class) {
            if (ready) {
                return;
            }
            // Charts are drawn off-screen; without this AWT looks for a display inside a notebook kernel.
            System.setProperty("java.awt.headless", "true");
            // A notebook kernel loads us in its own class loader; ND4J must look for its backend there,
            // not in the system class loader, or it finds none.
            ND4JClassLoading.setNd4jClassloaderFromClass(SoftLookup.class);
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            ready = true;
        }
    }

    private static String versionFromJar() {
        String v = SoftLookup.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
