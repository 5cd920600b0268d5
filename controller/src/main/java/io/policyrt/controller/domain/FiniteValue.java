package io.policyrt.controller.domain;

/** A domain value whose numbers can be checked for NaN and infinity, the one rule every inbound channel applies. */
public interface FiniteValue {
    /** Whether every number this value carries is finite (and, where it has one, its radius not negative). */
    boolean isFinite();
}
