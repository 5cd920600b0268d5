package io.policyrt.controller.observation;

/** One named observation feature computed from a tick's snapshot and geometry (raw, before normalization). */
@FunctionalInterface
public interface Feature {
    double value(SensorSnapshot snapshot, TrackingGeometry geometry);
}
