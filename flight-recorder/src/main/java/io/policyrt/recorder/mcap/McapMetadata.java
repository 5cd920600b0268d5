package io.policyrt.recorder.mcap;

import java.util.Map;

/**
 * A Metadata record: named key/value pairs such as the configuration or the software revision.
 *
 * @param name e.g. {@code configuration}
 * @param entries the pairs, in file order
 */
public record McapMetadata(String name, Map<String, String> entries) {}
