package io.policyrt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.testing.Eventually;
import io.policyrt.metrics.testing.Scrape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint against peers that do not play by the rules, over real loopback sockets, with the
 * control loop ticking beside it. The bounds waited for are liveness bounds (the endpoint must
 * recover), generous on a busy machine; nothing asserts how fast it answers.
 */
class MetricsEndpointHostilePeersIT {
    private static final int SCRAPE_TIMEOUT_MS = 5_000;
    /** The request deadline plus the JDK timers' periods and generous slack for a loaded machine. */
    private static final Duration CUT_BOUND = Duration.ofSeconds(MetricsEndpoint.REQUEST_DEADLINE_S + 25);

    private final List<Socket> peers = new ArrayList<>();
    private RunningController controller;

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket s : peers) {
            s.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(MetricsSettings.LOOPBACK, controller.endpoint.port()), 5_000);
        peers.add(s);
        return s;
    }

    private Scrape scrape(String path) throws IOException {
        return Scrape.get(controller.endpoint.url() + path, SCRAPE_TIMEOUT_MS);
    }

    private boolean scrapeAnswers() {
        try {
            return scrape("/metrics").status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void twenty_silent_sockets_then_a_scrape_answers_and_the_loop_keeps_ticking() throws IOException {
        controller = new RunningController().serve();
        // On a loaded machine the loop's thread may not have run its first tick yet.
        Eventually.until("the loop has ticked", () -> controller.fixture.tick.tickCount() > 0);
        for (int i = 0; i < 20; i++) {
            connect();
        }
        long ticksBefore = controller.fixture.tick.tickCount();

        // A silent connection never reaches a worker: the next scrape is answered at once, with the live count.
        Scrape s = scrape("/metrics");
        assertThat(s.status).isEqualTo(200);
        assertThat(s.value("policyrt_ticks_total")).isGreaterThanOrEqualTo((double) ticksBefore).isGreaterThan(0);
        Eventually.until("the loop ticks while 20 sockets sit idle",
                () -> controller.fixture.tick.tickCount() > ticksBefore + 100);
        assertThat(scrape("/healthz").status).isEqualTo(200);
        // Silent connections do not stay forever: the server closes them at the request deadline.
        for (Socket p : peers) {
            assertThat(closedByServer(p, CUT_BOUND)).isTrue();
        }
    }

    @Test
    void a_flood_of_silent_connections_past_the_cap_is_closed_and_scrapes_come_back() throws IOException {
        controller = new RunningController().serve();
        long floodStart = System.nanoTime();
        // Past the cap: the extra ones are closed at once, the rest at the request deadline (which of the
        // two a connection meets depends on how fast a loaded machine opens them, so only the outcome is asserted).
        for (int i = 0; i < MetricsEndpoint.MAX_CONNECTIONS + 16; i++) {
            connect();
        }
        long ticksBefore = controller.fixture.tick.tickCount();
        double openedS = (System.nanoTime() - floodStart) * 1e-9;

        for (Socket p : peers) {
            assertThat(closedByServer(p, CUT_BOUND)).as("the server closes every silent connection").isTrue();
        }
        double closedS = (System.nanoTime() - floodStart) * 1e-9;
        Eventually.until("a scrape is answered once the flood is closed", CUT_BOUND, this::scrapeAnswers);
        System.out.printf("metrics endpoint: %d silent connections opened in %.1f s, all closed by the server after %.1f s, "
                + "scrapes answered after %.1f s%n", peers.size(), openedS, closedS, (System.nanoTime() - floodStart) * 1e-9);
        assertThat(controller.fixture.tick.tickCount()).as("ticks during the flood").isGreaterThan(ticksBefore);
    }

    @Test
    void twenty_sockets_that_sent_one_byte_are_cut_and_scrapes_come_back() throws IOException {
        controller = new RunningController().serve();
        // Each starts a request and stalls: this froze a server with an unbounded wait before.
        for (int i = 0; i < 20; i++) {
            connect().getOutputStream().write('G');
        }
        long ticksBefore = controller.fixture.tick.tickCount();
        long stallStart = System.nanoTime();

        Eventually.until("a scrape is answered again once the stalled requests pass their deadline", CUT_BOUND,
                this::scrapeAnswers);
        System.out.printf("metrics endpoint: scrapes answered again %.1f s after 20 peers each sent one byte%n",
                (System.nanoTime() - stallStart) * 1e-9);
        assertThat(controller.fixture.tick.tickCount()).as("ticks during the stall").isGreaterThan(ticksBefore);
        assertThat(controller.loop.isRunning()).isTrue();
        // Every stalled peer was disconnected by the server.
        for (Socket p : peers) {
            assertThat(closedByServer(p, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void a_slow_loris_header_is_cut_while_scrapes_are_answered() throws Exception {
        controller = new RunningController().serve();
        List<Socket> loris = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = connect();
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: robot\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            loris.add(s);
        }
        long start = System.nanoTime();
        boolean[] cut = new boolean[loris.size()];
        int cutCount = 0;
        // One more header byte every 200 ms: each arrives well within any idle timeout, the whole never ends.
        while (cutCount < loris.size() && System.nanoTime() - start < CUT_BOUND.toNanos()) {
            Thread.sleep(200);
            for (int i = 0; i < loris.size(); i++) {
                if (!cut[i] && !trickle(loris.get(i))) {
                    cut[i] = true;
                    cutCount++;
                }
            }
            // Fewer slow peers than workers: scrapes go on meanwhile.
            if (cutCount == 0) {
                assertThat(scrape("/metrics").status).isEqualTo(200);
            }
        }
        System.out.printf("metrics endpoint: %d slow-loris peers cut after %.1f s%n", cutCount, (System.nanoTime() - start) * 1e-9);
        assertThat(cutCount).as("slow-loris connections the server closed").isEqualTo(loris.size());
        assertThat(scrape("/readyz").status).isEqualTo(200);
        assertThat(controller.loop.isRunning()).isTrue();
    }

    /** Sends one more header byte; false once the server has closed the connection. */
    private static boolean trickle(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write('a');
            out.flush();
            s.setSoTimeout(1);
            try {
                return s.getInputStream().read() != -1 || false;
            } catch (SocketTimeoutException stillOpen) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server closes {@code s} (end of stream, or a reset) within {@code bound}. */
    private static boolean closedByServer(Socket s, Duration bound) {
        try {
            s.setSoTimeout((int) bound.toMillis());
            InputStream in = s.getInputStream();
            while (in.read() != -1) {
                // drain whatever answer came first
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
