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

    /** Lesson 05: the scale for a given d_k, the variance it leaves, the scale for entries of variance 4. */
    public static Lesson5 lesson5() {
        return new Lesson5();
    }

    /** Lesson 06: a gradient-descent step by hand, the hard lookup's key gradient, a faster learning rate. */
    public static Lesson6 lesson6() {
        return new Lesson6();
    }

    /** Lesson 07: a causal mask by hand, a head's weights two positions back, such a head built by hand. */
    public static Lesson7 lesson7() {
        return new Lesson7();
    }

    /** Lesson 08: where an induction head looks, Adam's first step by hand, a W_o that writes to chosen columns. */
    public static Lesson8 lesson8() {
        return new Lesson8();
    }

    static String describe(String lesson, int count) {
        return "Lesson " + lesson + ": " + count + " exercises, ex.q1 to ex.q" + count
                + ". Each has .check(answer), .hint() and .solution().";
    }

    /** Prints every exercise's solution, for the instructor edition: a line "lessonN qM", the code, a line "@@". */
    public static void main(String[] args) throws ReflectiveOperationException {
        for (var method : Exercises.class.getDeclaredMethods()) {
            if (!method.getName().startsWith("lesson") || method.getParameterCount() != 0) {
                continue;
            }
            Object lesson = method.invoke(null);
            for (var field : lesson.getClass().getFields()) {
                if (field.getType() == Question.class) {
                    System.out.println(method.getName() + " " + field.getName());
                    System.out.println(((Question) field.get(lesson)).solution());
                    System.out.println("@@");
                }
            }
        }
    }
}
