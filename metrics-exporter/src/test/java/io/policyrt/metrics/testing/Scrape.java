package io.policyrt.metrics.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP GET of the metrics endpoint over a real socket, and the Prometheus text format parsed
 * into samples: {@code name{label="value",...} number} lines, comments skipped.
 */
public final class Scrape {
    /** One sample line: the metric name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public final int status;
    public final String body;

    private Scrape(int status, String body) {
        this.status = status;
        this.body = body;
    }

    /** GETs {@code url}, giving up after {@code timeoutMs} to connect and as much again to read. */
    public static Scrape get(String url, int timeoutMs) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(timeoutMs);
        c.setReadTimeout(timeoutMs);
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Scrape(status, body);
        } finally {
            c.disconnect();
        }
    }

    /** Every sample of the text format body. */
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                for (String pair : splitLabels(line.substring(brace + 1, close))) {
                    int eq = pair.indexOf('=');
                    labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            String v = line.substring(space + 1);
            out.add(new Sample(name, labels, v.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v)));
        }
        return out;
    }

    private static List<String> splitLabels(String s) {
        List<String> pairs = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                pairs.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            pairs.add(s.substring(start));
        }
        return pairs;
    }

    /** The value of the sample {@code name} whose labels include {@code labelPairs} (name, value, ...); NaN when absent. */
    public double value(String name, String... labelPairs) {
        for (Sample s : samples()) {
            if (s.name().equals(name) && hasLabels(s, labelPairs)) {
                return s.value();
            }
        }
        return Double.NaN;
    }

    /** Whether any sample is named {@code name}. */
    public boolean has(String name) {
        return samples().stream().anyMatch(s -> s.name().equals(name));
    }

    private static boolean hasLabels(Sample s, String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(s.labels().get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
