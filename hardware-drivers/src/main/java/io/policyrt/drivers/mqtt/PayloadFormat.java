package io.policyrt.drivers.mqtt;

import java.util.Locale;

/** How a topic's payloads are encoded; chosen per topic. See hardware-drivers/README.md. */
public enum PayloadFormat {
    /** A flat JSON object with named fields and units in the names, for people and tools. */
    JSON,
    /** The compact, versioned little-endian layout with a sequence number and a stamp. */
    BINARY;

    /** Parses {@code json} or {@code binary}. */
    public static PayloadFormat parse(String name) {
        switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "json": return JSON;
            case "binary": return BINARY;
            default: throw new IllegalArgumentException("unknown payload format '" + name + "' (allowed: json, binary)");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
