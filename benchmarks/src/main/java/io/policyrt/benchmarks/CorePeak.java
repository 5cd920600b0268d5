package io.policyrt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One core's peak multiply-add rate, derived from {@code /proc/cpuinfo}: FMA units x lanes x 2
 * FLOPs x clock, for the fraction-of-peak column of {@link MlpReport}.
 *
 * <p>Assumptions, overridable with {@code -Dpeak.fmaUnits=N}, {@code -Dpeak.vectorBits=B} and
 * {@code -Dpeak.ghz=G}: two FMA units per core; the widest FMA datapath the flags offer (512 bits
 * with {@code avx512f}, 256 with {@code avx2} and {@code fma}, else 128), except AMD family 25
 * (Zen 4), which runs AVX-512 on 256-bit units (two halves); the clock is the {@code cpu MHz} the
 * kernel reports (a VM shows no boost clock).
 */
public final class CorePeak {
    private final String cpu;
    private final int fmaUnits;
    private final int vectorBits;
    private final double ghz;
    private final String why;

    private CorePeak(String cpu, int fmaUnits, int vectorBits, double ghz, String why) {
        this.cpu = cpu;
        this.fmaUnits = fmaUnits;
        this.vectorBits = vectorBits;
        this.ghz = ghz;
        this.why = why;
    }

    /** Reads {@code /proc/cpuinfo}; fails with a one-line message when it is missing a field. */
    public static CorePeak fromCpuInfo() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/cpuinfo for the core's peak; pass -Dpeak.ghz, -Dpeak.vectorBits", e);
        }
        String model = field(lines, "model name");
        String vendor = field(lines, "vendor_id");
        String family = field(lines, "cpu family");
        String mhz = field(lines, "cpu MHz");
        Set<String> flags = Set.of(field(lines, "flags").split("\\s+"));
        int bits;
        String why;
        if (flags.contains("avx512f")) {
            boolean zen4 = "AuthenticAMD".equals(vendor) && "25".equals(family);
            bits = zen4 ? 256 : 512;
            why = zen4 ? "avx512f on AMD family 25 (Zen 4: 512-bit FMAs run as two 256-bit halves)" : "avx512f";
        } else if (flags.contains("avx2") && flags.contains("fma")) {
            bits = 256;
            why = "avx2 + fma";
        } else {
            bits = 128;
            why = "no avx2/fma";
        }
        int units = Integer.getInteger("peak.fmaUnits", 2);
        bits = Integer.getInteger("peak.vectorBits", bits);
        String ghzProperty = System.getProperty("peak.ghz");
        double ghz = ghzProperty != null ? Double.parseDouble(ghzProperty) : Double.parseDouble(mhz) / 1000.0;
        return new CorePeak(model + " (vendor " + vendor + ", family " + family + ")", units, bits, ghz, why);
    }

    /** Peak GFLOP/s of one core for elements of {@code elementBytes} (4: float32, 8: float64). */
    public double gflops(int elementBytes) {
        return fmaUnits * lanes(elementBytes) * 2.0 * ghz;
    }

    /** The assumption in one sentence, for the table's footnote. */
    public String describe() {
        return String.format("%s at %.3f GHz (`cpu MHz`); %s: %d FMA units x %d float32 lanes (%d float64) x 2 FLOPs x %.3f GHz"
                + " = %.1f GFLOP/s float32, %.1f GFLOP/s float64 per core",
                cpu, ghz, why, fmaUnits, lanes(4), lanes(8), ghz, gflops(4), gflops(8));
    }

    private int lanes(int elementBytes) {
        return vectorBits / (8 * elementBytes);
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException("/proc/cpuinfo has no '" + name + "' line; pass -Dpeak.ghz and -Dpeak.vectorBits");
    }
}
