package org.softlookup.exercises;

/** A learner's answer as code, so that what it throws becomes a verdict instead of a stack trace. */
@FunctionalInterface
public interface Answer {
    /** The answer: a matrix, a number, or {@code null} while it is not written yet. */
    Object get() throws Exception;
}
