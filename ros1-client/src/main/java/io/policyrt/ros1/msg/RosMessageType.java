package io.policyrt.ros1.msg;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the TCPROS connection header says about a message type: its name ({@code pkg/Type}), its
 * md5 sum as genmsg computes it, and its full definition text; plus a factory for instances.
 */
public record RosMessageType<T extends RosMessage>(String name, String md5sum, String definition, Supplier<T> factory) {
    public RosMessageType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(md5sum, "md5sum");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(factory, "factory");
    }

    public T newMessage() {
        return factory.get();
    }
}
