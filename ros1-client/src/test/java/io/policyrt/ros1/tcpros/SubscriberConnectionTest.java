package io.policyrt.ros1.tcpros;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscriber that cannot keep up gets the newest frame, never a backlog, and the stream stays in step. */
class SubscriberConnectionTest {
    private static final int FRAME_BYTES = 64 * 1024;

    /** A frame of FRAME_BYTES: length prefix, then its sequence number repeated. */
    private static ByteBuffer frame(int seq) {
        ByteBuffer b = ByteBuffer.allocate(4 + FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(FRAME_BYTES);
        while (b.hasRemaining()) {
            b.putInt(seq);
        }
        return b.flip();
    }

    @Test
    void on_a_congested_link_the_newest_frame_wins_and_older_ones_are_counted_as_dropped() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel reader = SocketChannel.open();
            reader.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            reader.connect(server.getLocalAddress());
            try (reader; SocketChannel writer = server.accept()) {
                writer.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                writer.configureBlocking(false);
                SubscriberConnection c = new SubscriberConnection(1, "/slow", writer);
                int last = 200;
                for (int seq = 1; seq <= last; seq++) {
                    assertThat(c.send(frame(seq))).isTrue(); // never blocks, however slow the reader
                }
                // a 64 KiB frame cannot fit the socket buffers: frames were kept waiting and replaced
                assertThat(c.messagesDropped()).isPositive();

                List<Integer> received = new ArrayList<>();
                Thread drain = new Thread(() -> readFrames(reader, received));
                drain.start();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!c.flush() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(c.flush()).isTrue();
                writer.shutdownOutput();
                drain.join(30_000);
                // every frame arrived whole and in order, the last one sent is the last one received
                assertThat(received).isSorted().last().isEqualTo(last);
                assertThat(received.size() + c.messagesDropped()).isEqualTo(last);
                assertThat(c.messagesSent()).isEqualTo(received.size());
            }
        }
    }

    private static void readFrames(SocketChannel reader, List<Integer> received) {
        try {
            DataInputStream in = new DataInputStream(Channels.newInputStream(reader));
            byte[] body = new byte[FRAME_BYTES];
            while (true) {
                int length = Integer.reverseBytes(in.readInt());
                assertThat(length).isEqualTo(FRAME_BYTES);
                in.readFully(body);
                ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                int seq = b.getInt();
                while (b.hasRemaining()) {
                    assertThat(b.getInt()).isEqualTo(seq); // no frame interleaved with another
                }
                received.add(seq);
            }
        } catch (EOFException e) {
            // the writer is done
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
