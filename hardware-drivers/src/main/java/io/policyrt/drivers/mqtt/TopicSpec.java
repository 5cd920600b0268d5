package io.policyrt.drivers.mqtt;

/**
 * One message topic: its full name, payload format, MQTT QoS and the longest payload a receiver
 * accepts [bytes].
 */
public record TopicSpec(String name, PayloadFormat format, int qos, int maxPayloadBytes) {
    public TopicSpec {
        if (name == null || name.isEmpty() || name.contains("+") || name.contains("#")) {
            throw new IllegalArgumentException("topic name must be non-empty and free of wildcards, got '" + name + "'");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, got " + qos);
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("max payload must be > 0 bytes, got " + maxPayloadBytes);
        }
    }

    public TopicSpec withFormat(PayloadFormat f) {
        return new TopicSpec(name, f, qos, maxPayloadBytes);
    }

    public TopicSpec withQos(int q) {
        return new TopicSpec(name, format, q, maxPayloadBytes);
    }

    public TopicSpec withName(String n) {
        return new TopicSpec(n, format, qos, maxPayloadBytes);
    }

    public TopicSpec withMaxPayloadBytes(int max) {
        return new TopicSpec(name, format, qos, max);
    }
}
