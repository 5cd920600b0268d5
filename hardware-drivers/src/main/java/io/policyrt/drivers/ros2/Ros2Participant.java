package io.policyrt.drivers.ros2;

import com.eprosima.xmlschemas.fastrtps_profiles.BuiltinAttributesType;
import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryMemoryPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.LocatorListType;
import com.eprosima.xmlschemas.fastrtps_profiles.ParticipantProfileType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.SubscriberProfileType;
import com.eprosima.xmlschemas.fastrtps_profiles.TopicElementType;
import com.eprosima.xmlschemas.fastrtps_profiles.Udpv4LocatorType;
import io.policyrt.drivers.ros2.msg.Ros2MessageType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.participant.Participant;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.publisher.PublisherListener;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;
import us.ihmc.ros2.ROS2NodeInterface;

/**
 * One DDS participant (Fast-DDS inside the IHMC pub-sub library) speaking ROS 2's conventions:
 * DDS topic {@code "rt" + absolute name}, type {@code pkg::msg::dds_::Name_}, plain CDR. It
 * creates PolicyRT's subscriptions and publishers with their QoS, keeps a QoS probe beside each
 * (see {@link QosMismatchMonitor}) and counts the peers it discovers.
 *
 * <p>Built on the library's pub-sub layer rather than on {@code RealtimeROS2Node}: that node hides
 * the publishers' match callbacks (needed for the QoS report) and hands queued samples to DDS from
 * a thread that polls every millisecond; here each subscription decodes on the DDS thread straight
 * into the controller's slots and each command is written as soon as the loop hands it over.
 */
public final class Ros2Participant implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ros2Participant.class);
    /** The longest close waits for a running receive callback (a take and a decode take microseconds). */
    static final long DRAIN_BOUND_MS = 2000;

    private final Ros2Settings settings;
    private final Domain domain;
    private final Participant participant;
    private final QosMismatchMonitor monitor = new QosMismatchMonitor(TimeUnit.MILLISECONDS.toNanos(1500));
    private final List<Subscriber<?>> subscribers = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final Thread checker;
    private volatile boolean open = true;
    private volatile int peersDiscovered;
    /** Data callbacks running now; {@link #close} waits for them to leave before it deletes the readers. */
    private final AtomicInteger takesInFlight = new AtomicInteger();

    public Ros2Participant(Ros2Settings settings) throws Ros2TransportException {
        this.settings = settings;
        this.domain = DomainFactory.getDomain(DomainFactory.PubSubImplementation.FAST_RTPS);
        try {
            ParticipantProfile profile = settings.localhostOnly()
                    ? ROS2NodeInterface.createParticipantAttributes(settings.domainId(), false, InetAddress.getByName("127.0.0.1"))
                    : ROS2NodeInterface.createParticipantAttributes(settings.domainId(), false);
            profile.name(settings.participantName());
            if (settings.localhostOnly()) {
                unicastDiscoveryOnLoopback(profile.getProfile());
            }
            participant = domain.createParticipant(profile, (p, info) -> {
                peersDiscovered = peersDiscovered + 1;
                LOG.debug("ros2: participant {} {}", info.getName(), info.getStatus());
            });
        } catch (java.io.IOException | RuntimeException e) {
            throw new Ros2TransportException("ros2: cannot create the DDS participant (domain " + settings.domainId() + "): " + e, e);
        }
        checker = new Thread(this::checkLoop, "policyrt-ros2-qos");
        checker.setDaemon(true);
        checker.start();
    }

    /**
     * Localhost-only discovery without multicast: announce to the well-known unicast ports on
     * 127.0.0.1 (the initial peers) and keep discovery traffic unicast after that, so two
     * processes find each other whichever starts first, on a machine with no multicast route.
     */
    private static void unicastDiscoveryOnLoopback(ParticipantProfileType p) {
        if (p.getRtps() == null) {
            p.setRtps(new ParticipantProfileType.Rtps());
        }
        BuiltinAttributesType builtin = p.getRtps().getBuiltin();
        if (builtin == null) {
            builtin = new BuiltinAttributesType();
            p.getRtps().setBuiltin(builtin);
        }
        LocatorListType peers = new LocatorListType();
        LocatorListType.Locator loopback = new LocatorListType.Locator();
        Udpv4LocatorType udp = new Udpv4LocatorType();
        udp.setAddress("127.0.0.1");
        loopback.getUdpv4().add(udp);
        peers.getLocator().add(loopback);
        builtin.setInitialPeersList(peers);
        builtin.setAvoidBuiltinMulticast(true);
    }

    private void checkLoop() {
        while (open) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            monitor.check(System.nanoTime());
        }
    }

    private <A extends CommonAttributes<A>> A qos(A attributes, Ros2MessageType<?> type, Ros2TopicSpec topic, Ros2Qos qos) {
        return attributes.topicDataType(type).topicName(topic.ddsName())
                .reliabilityKind(qos.reliability() == Ros2Qos.Reliability.RELIABLE
                        ? ReliabilityQosKindPolicyType.RELIABLE : ReliabilityQosKindPolicyType.BEST_EFFORT)
                .durabilityKind(qos.durability() == Ros2Qos.Durability.TRANSIENT_LOCAL
                        ? DurabilityQosKindPolicyType.TRANSIENT_LOCAL : DurabilityQosKindPolicyType.VOLATILE)
                .historyQosPolicyKind(HistoryQosKindPolicyType.KEEP_LAST).historyDepth(qos.depth());
    }

    /**
     * Fixed-size receive memory: the reader's history keeps {@code depth} preallocated payloads of
     * the type's size and refuses larger samples. With the library's default (preallocated with
     * realloc) a sample larger than the type's size is taken into the Java receive buffer without
     * a size check, which crashes the JVM in Fast-DDS's takeNextData (seen with a 2.4 MB path).
     * The library exposes neither setting, so they are set on its profile objects directly.
     */
    static SubscriberAttributes boundedReceiveMemory(SubscriberAttributes a, int depth) {
        try {
            java.lang.reflect.Field profile = SubscriberAttributes.class.getDeclaredField("subscriberProfile");
            profile.setAccessible(true);
            ((SubscriberProfileType) profile.get(a)).setHistoryMemoryPolicy(HistoryMemoryPolicyType.PREALLOCATED);
            java.lang.reflect.Field topic = CommonAttributes.class.getDeclaredField("topicElementType");
            topic.setAccessible(true);
            TopicElementType t = (TopicElementType) topic.get(a);
            TopicElementType.ResourceLimitsQos limits = t.getResourceLimitsQos();
            if (limits == null) {
                limits = new TopicElementType.ResourceLimitsQos();
                t.setResourceLimitsQos(limits);
            }
            limits.setAllocatedSamples((long) depth);
            limits.setMaxSamples((long) depth + 1);
            return a;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("the IHMC pub-sub library changed: cannot bound a subscription's receive memory", e);
        }
    }

    private void register(Ros2MessageType<?> type) {
        if (domain.getRegisteredType(participant, type.getName()) == null) {
            domain.registerType(participant, type);
        }
    }

    /**
     * Subscribes {@code listener} to {@code topic}, with a QoS probe beside it. The listener runs
     * on the DDS thread of this subscription.
     */
    public synchronized <T> Subscriber<T> subscribe(Ros2TopicSpec topic, Ros2MessageType<T> type, SubscriberListener<T> listener)
            throws Ros2TransportException {
        register(type);
        monitor.watch(topic.name(), QosMismatchMonitor.Side.SUBSCRIPTION, topic.qos());
        try {
            @SuppressWarnings("unchecked")
            Subscriber<T> real = domain.createSubscriber(participant,
                    boundedReceiveMemory(qos(SubscriberAttributes.create(), type, topic, topic.qos()), topic.qos().depth()),
                    new SubscriberListener<T>() {
                        @Override
                        public void onNewDataMessage(Subscriber<T> s) {
                            takesInFlight.incrementAndGet();
                            try {
                                if (open) { // after close began, no new take: see close()
                                    listener.onNewDataMessage(s);
                                }
                            } finally {
                                takesInFlight.decrementAndGet();
                            }
                        }

                        @Override
                        public void onSubscriptionMatched(Subscriber<T> s, MatchingInfo info) {
                            monitor.real(topic.name(), QosMismatchMonitor.Side.SUBSCRIPTION, WriterGuidNames.format(info.getGuid()),
                                    info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING);
                            listener.onSubscriptionMatched(s, info);
                        }
                    });
            subscribers.add(real);
            Ros2Qos any = new Ros2Qos(Ros2Qos.Reliability.BEST_EFFORT, Ros2Qos.Durability.VOLATILE, 1);
            subscribers.add(domain.createSubscriber(participant, boundedReceiveMemory(qos(SubscriberAttributes.create(), type, topic, any), 1),
                    new SubscriberListener<T>() {
                        @Override
                        public void onNewDataMessage(Subscriber<T> s) {
                            // never taken: the probe only watches matches; KEEP_LAST 1 bounds what it holds
                        }

                        @Override
                        public void onSubscriptionMatched(Subscriber<T> s, MatchingInfo info) {
                            monitor.probe(topic.name(), QosMismatchMonitor.Side.SUBSCRIPTION, WriterGuidNames.format(info.getGuid()),
                                    info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING, System.nanoTime());
                        }
                    }));
            return real;
        } catch (java.io.IOException | RuntimeException e) {
            throw new Ros2TransportException("ros2: cannot subscribe to " + topic.name() + " (" + type.rosName() + ", " + topic.qos()
                    + "): " + e, e);
        }
    }

    /** A publisher on {@code topic}, with a QoS probe beside it. Write from one thread. */
    public synchronized Publisher advertise(Ros2TopicSpec topic, Ros2MessageType<?> type) throws Ros2TransportException {
        register(type);
        monitor.watch(topic.name(), QosMismatchMonitor.Side.PUBLICATION, topic.qos());
        try {
            Publisher real = domain.createPublisher(participant, qos(PublisherAttributes.create(), type, topic, topic.qos()),
                    (PublisherListener) (p, info) -> monitor.real(topic.name(), QosMismatchMonitor.Side.PUBLICATION,
                            WriterGuidNames.format(info.getGuid()), info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING));
            publishers.add(real);
            Ros2Qos any = new Ros2Qos(Ros2Qos.Reliability.RELIABLE, Ros2Qos.Durability.TRANSIENT_LOCAL, 1);
            publishers.add(domain.createPublisher(participant, qos(PublisherAttributes.create(), type, topic, any),
                    (PublisherListener) (p, info) -> monitor.probe(topic.name(), QosMismatchMonitor.Side.PUBLICATION,
                            WriterGuidNames.format(info.getGuid()), info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING,
                            System.nanoTime())));
            return real;
        } catch (java.io.IOException | RuntimeException e) {
            throw new Ros2TransportException("ros2: cannot publish " + topic.name() + " (" + type.rosName() + ", " + topic.qos()
                    + "): " + e, e);
        }
    }

    /** QoS mismatches found so far. */
    public QosMismatchMonitor qos() { return monitor; }

    /** Remote endpoints PolicyRT's subscription on {@code topic} is connected to. */
    public int subscriptionMatches(Ros2TopicSpec topic) {
        return monitor.matchedCount(topic.name(), QosMismatchMonitor.Side.SUBSCRIPTION);
    }

    /** Remote endpoints PolicyRT's publisher on {@code topic} is connected to. */
    public int publicationMatches(Ros2TopicSpec topic) {
        return monitor.matchedCount(topic.name(), QosMismatchMonitor.Side.PUBLICATION);
    }

    /** Participant discovery events seen (discovered, changed, removed). */
    public int peersDiscovered() { return peersDiscovered; }

    public Ros2Settings settings() { return settings; }

    /**
     * Removes the participant with all its endpoints. Idempotent.
     *
     * <p>A reader's delete holds the library's lock on it while Fast-DDS waits for the reader's
     * running callback to return, and a callback's take needs that lock: a sample arriving as the
     * participant closes deadlocked the two (seen in the contract suite, with a peer still
     * publishing). So new callbacks stop taking first ({@code open} is false before the count is
     * read, and a callback counts itself before it reads {@code open}), and the running ones are
     * waited for, at most {@link #DRAIN_BOUND_MS}, before anything is deleted.
     */
    @Override
    public synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        checker.interrupt();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_BOUND_MS);
        while (takesInFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(100_000L);
        }
        if (takesInFlight.get() > 0) {
            LOG.warn("ros2: a receive callback was still running {} ms after close began; deleting the participant anyway",
                    DRAIN_BOUND_MS);
        }
        domain.removeParticipant(participant);
        subscribers.clear();
        publishers.clear();
    }
}
