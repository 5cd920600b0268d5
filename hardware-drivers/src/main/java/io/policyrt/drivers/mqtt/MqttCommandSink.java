package io.policyrt.drivers.mqtt;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.slot.LatestValue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's commands over MQTT. {@link #send} only copies the command into latest-value
 * slots (no allocation, no lock, no I/O on the control thread); a publisher thread wakes on each
 * new command, encodes it and hands it to Paho. If the publisher falls behind, older commands are
 * skipped for the newest. Commands carry the tick's stamp and a per-topic sequence number; while
 * the connection is down they are dropped, not queued (counted by the connection).
 */
public final class MqttCommandSink implements CommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttCommandSink.class);

    private final MqttConnection connection;
    private final TopicSpec wheelTopic;
    private final TopicSpec velocityTopic;
    private final PayloadCodec wheelCodec;
    private final PayloadCodec velocityCodec;
    private final LatestValue<WheelCommand> wheels = new LatestValue<>("mqtt cmd/wheels", WheelCommand::new);
    private final LatestValue<VelocityCommand> velocity = new LatestValue<>("mqtt cmd/vel", VelocityCommand::new);
    private final Thread publisher;
    private volatile boolean running = true;
    private long wheelSequence;
    private long velocitySequence;
    private volatile long published;
    private volatile long sent;

    public MqttCommandSink(MqttConnection connection, MqttTopics topics) {
        this.connection = connection;
        this.wheelTopic = topics.wheelCommand();
        this.velocityTopic = topics.velocityCommand();
        this.wheelCodec = PayloadCodec.of(wheelTopic.format());
        this.velocityCodec = PayloadCodec.of(velocityTopic.format());
        publisher = new Thread(this::run, "policyrt-mqtt-commands");
        publisher.setDaemon(true);
        wheels.wakeOnPublish(publisher);
        velocity.wakeOnPublish(publisher);
        publisher.start();
    }

    /** Control thread: hands the command to the publisher thread and returns. */
    @Override
    public void send(WheelCommand wheelCommand, VelocityCommand velocityCommand) {
        wheels.claim().copyFrom(wheelCommand);
        wheels.publish();
        velocity.claim().copyFrom(velocityCommand);
        velocity.publish();
        sent = sent + 1;
    }

    private void run() {
        while (running) {
            if (!publishPending()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        publishPending(); // the loop's final stop command
    }

    private boolean publishPending() {
        boolean any = false;
        try {
            if (wheels.refresh()) {
                any = true;
                if (connection.publish(wheelTopic.name(), wheelCodec.encodeWheelCommand(wheelSequence++, wheels.latest()),
                        wheelTopic.qos(), false)) {
                    published = published + 1;
                }
            }
            if (velocity.refresh()) {
                any = true;
                connection.publish(velocityTopic.name(), velocityCodec.encodeVelocityCommand(velocitySequence++, velocity.latest()),
                        velocityTopic.qos(), false);
            }
        } catch (RuntimeException e) { // an encoder refusing a non-finite command: the governor should have caught it
            LOG.error("mqtt: refusing to publish a command: {}", e.toString());
        }
        return any;
    }

    /** Publishes the last command still pending and stops the publisher thread. The connection stays open. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(publisher);
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commands handed over by the control thread. */
    public long sent() { return sent; }
    /** Wheel commands handed to Paho. */
    public long published() { return published; }
}
