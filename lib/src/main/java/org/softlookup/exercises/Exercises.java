package org.softlookup.exercises;

import org.softlookup.internal.Setup;

/**
 * The exercises at the end of each lesson, Kaggle-Learn style: {@code var ex = Exercises.lesson1();} then
 * {@code ex.q1.check(answer)}, {@code ex.q1.hint()}, {@code ex.q1.solution()}.
 */
public final class Exercises {

    static {
        Setup.ensureReady();
    }

    private Exercises() {}

    /** Lesson 01: a one-hot row, weights for orange, weights for grey. */
    public static Lesson1 lesson1() {
        return new Lesson1();
    }

    /** Lesson 02: an average by a mask, a batch of lookups, a query that selects green. */
    public static Lesson2 lesson2() {
        return new Lesson2();
    }

    /** Lesson 03: a temperature for a wanted weight, softmax by hand. */
    public static Lesson3 lesson3() {
        return new Lesson3();
    }

    /** Lesson 04: a sign predicted, a Jacobian entry derived, a backward step written. */
    public static Lesson4 lesson4() {
        return new Lesson4();
    }
}
