#!/usr/bin/env python3
"""A rospy peer for PolicyRT's ROS 1 integration tests and latency measurement.

Run with Debian's /usr/bin/python3 (packages ros-core, python3-std-msgs, python3-geometry-msgs),
ROS_MASTER_URI pointing at the test's rosmaster. Modes:

  listen string|twist TOPIC      subscribe and print one line per message: "got <data>" or
                                 "got twist <linear.x> <angular.z>"
  talk string|twist TOPIC HZ     publish "rospy <n>" or Twist(linear.x=n/100, angular.z=-n/100)
                                 at HZ until killed
  relay string|twist IN OUT      republish every message from topic IN on topic OUT at once
                                 (TCP_NODELAY), for round-trip latency

Prints "ready" once registered. Exits 3 when rospy or the message packages are missing.
"""
import sys

try:
    import rospy
    from std_msgs.msg import String
    from geometry_msgs.msg import Twist
except ImportError as e:  # the Java side turns exit code 3 into a message naming the Debian packages
    print("missing ROS Python packages: %s" % e, file=sys.stderr)
    sys.exit(3)

TYPES = {"string": String, "twist": Twist}


def listen(kind, topic):
    def on_message(msg):
        if kind == "string":
            print("got %s" % msg.data, flush=True)
        else:
            print("got twist %r %r" % (msg.linear.x, msg.angular.z), flush=True)

    rospy.Subscriber(topic, TYPES[kind], on_message, tcp_nodelay=True)
    print("ready", flush=True)
    rospy.spin()


def talk(kind, topic, hz):
    pub = rospy.Publisher(topic, TYPES[kind], queue_size=10, tcp_nodelay=True)
    print("ready", flush=True)
    rate = rospy.Rate(hz)
    n = 0
    while not rospy.is_shutdown():
        n += 1
        if kind == "string":
            pub.publish(String(data="rospy %d" % n))
        else:
            t = Twist()
            t.linear.x = n / 100.0
            t.angular.z = -n / 100.0
            pub.publish(t)
        rate.sleep()


def relay(kind, in_topic, out_topic):
    pub = rospy.Publisher(out_topic, TYPES[kind], queue_size=100, tcp_nodelay=True)
    rospy.Subscriber(in_topic, TYPES[kind], lambda msg: pub.publish(msg), tcp_nodelay=True)
    print("ready", flush=True)
    rospy.spin()


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    rospy.init_node("policyrt_peer", anonymous=True, disable_signals=False)
    mode = argv[1]
    if mode == "listen" and len(argv) == 4:
        listen(argv[2], argv[3])
    elif mode == "talk" and len(argv) == 5:
        talk(argv[2], argv[3], float(argv[4]))
    elif mode == "relay" and len(argv) == 5:
        relay(argv[2], argv[3], argv[4])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
