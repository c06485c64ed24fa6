package org.softlookup;

import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

/**
 * The library's front door: {@link #setup()} is the first cell of every lesson. The set-up itself (ND4J's class
 * loader, double precision, headless charts) runs once per JVM, from every library class's static initialiser,
 * so a learner never has to call it.
 */
public final class SoftLookup {

    /** The library's version, as Maven built it. */
    public static final String VERSION = versionFromJar();

    private SoftLookup() {}

    /**
     * Makes the library ready and says so in one line: the setup cell of every lesson.
     * Safe to call any number of times.
     */
    public static String setup() {
        Setup.ensureReady();
        return "Soft Lookup is ready: ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", numbers in "
                + Nd4j.defaultFloatingPointType() + ", Java "
                + Runtime.version().feature();
    }

    /**
     * Prints {@link #setup()}: the launcher runs it once at install time, so javacpp unpacks ND4J's natives then,
     * not in a lesson.
     */
    public static void main(String[] args) {
        System.out.println(setup());
    }

    private static String versionFromJar() {
        String v = SoftLookup.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
