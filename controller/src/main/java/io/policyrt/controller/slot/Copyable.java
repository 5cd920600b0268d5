package io.policyrt.controller.slot;

/** A preallocated value that can take the contents of another of its kind without allocating. */
public interface Copyable<T> {
    /** Overwrites every field of this with the fields of {@code other}. */
    void copyFrom(T other);
}
