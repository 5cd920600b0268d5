package io.policyrt.launch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.recorder.PathJson;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording's controller side read into memory: its ticks ({@value TickJson#TOPIC}) in order,
 * the paths they followed ({@value PathJson#TOPIC}) by id, and its summary (metadata, counts).
 */
public final class RecordedRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final McapSummary summary;
    private final List<JsonNode> ticks;
    private final Map<Long, RecordedPath> paths;

    private RecordedRun(Path file, McapSummary summary, List<JsonNode> ticks, Map<Long, RecordedPath> paths) {
        this.file = file;
        this.summary = summary;
        this.ticks = ticks;
        this.paths = paths;
    }

    /**
     * Reads {@code file}; a file cut short gives what it holds up to its last complete chunk.
     *
     * @throws IOException when the file cannot be read as MCAP (the reader's message names the file),
     *                     or a tick or path message is not what its channel says, naming the file
     */
    public static RecordedRun read(Path file) throws IOException {
        try (McapReader reader = McapReader.open(file)) {
            McapSummary summary = reader.summary();
            List<JsonNode> ticks = new ArrayList<>();
            Map<Long, RecordedPath> paths = new LinkedHashMap<>();
            reader.scan((channel, m) -> {
                if (channel.topic().equals(TickJson.TOPIC)) {
                    try {
                        ticks.add(JSON.readTree(m.data()));
                    } catch (IOException e) {
                        throw new IOException(file + ": tick message " + ticks.size() + " is not a policyrt.Tick: " + e.getMessage(), e);
                    }
                } else if (channel.topic().equals(PathJson.TOPIC)) {
                    try {
                        RecordedPath p = RecordedPath.parse(JSON.readTree(m.data()));
                        paths.put(p.id(), p);
                    } catch (IOException | IllegalArgumentException e) {
                        throw new IOException(file + ": path message " + paths.size() + " is not a policyrt.Path: " + e.getMessage(), e);
                    }
                }
            });
            return new RecordedRun(file, summary, ticks, paths);
        }
    }

    public Path file() { return file; }
    public McapSummary summary() { return summary; }
    /** The tick messages, in recording order. */
    public List<JsonNode> ticks() { return ticks; }
    /** The paths the ticks followed, by the id their {@code path.id} names; empty for recordings without a path channel. */
    public Map<Long, RecordedPath> paths() { return paths; }

    /** Whether every path the ticks name is in the recording (then the observation can be rebuilt from the inputs). */
    public boolean hasPathsOfEveryTick() {
        if (paths.isEmpty()) {
            return false;
        }
        for (JsonNode t : ticks) {
            JsonNode p = t.get("path");
            if (p != null && p.isObject() && !paths.containsKey(p.path("id").asLong())) {
                return false;
            }
        }
        return true;
    }

    /** The recording's policy metadata entries (empty when it has none). */
    public Map<String, String> policyMetadata() {
        var m = summary.metadata("policy");
        return m == null ? Map.of() : m.entries();
    }
}
