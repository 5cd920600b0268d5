package io.policyrt.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.policyrt.drivers.inbound.InboundChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimServerCloseTest {
    /** A server without a world or a link, whose transport teardown runs {@code teardown}. */
    private static final class TeardownOnly extends SimServer {
        private final Runnable teardown;
        final AtomicInteger teardowns = new AtomicInteger();

        TeardownOnly(Runnable teardown) {
            super(null, System::nanoTime, "commands");
            this.teardown = teardown;
        }

        @Override public void start() { }
        @Override public List<InboundChannel<?, ?>> commandChannels() { return List.of(); }
        @Override public String endpoint() { return "nowhere"; }
        @Override public boolean isUp() { return false; }
        @Override public String summary() { return ""; }
        @Override protected void publishSensors(Simulation sim) { }

        @Override
        protected void closeTransport() {
            teardowns.incrementAndGet();
            teardown.run();
        }
    }

    @Test
    void aTeardownThatNeverEndsReleasesTheCallerAfterTheBound() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        TeardownOnly server = new TeardownOnly(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long boundNanos = TimeUnit.MILLISECONDS.toNanos(200);
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> server.closeTransportWithin(boundNanos));
        assertThat(System.nanoTime() - start).as("waited for the teardown up to the bound").isGreaterThanOrEqualTo(boundNanos);
        assertThat(server.teardowns).hasValue(1);
        never.countDown();
    }

    @Test
    void aTeardownWithinTheBoundHasFinishedWhenCloseReturns() {
        CountDownLatch finished = new CountDownLatch(1);
        TeardownOnly server = new TeardownOnly(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.countDown();
        });
        server.close();
        assertThat(finished.getCount()).as("teardown done before close returned").isZero();
        server.close();
        assertThat(server.teardowns).as("close is idempotent").hasValue(1);
    }
}
