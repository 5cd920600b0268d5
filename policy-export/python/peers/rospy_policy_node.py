"""A rospy policy node: the ROS 1 baseline the latency harness compares PolicyRT with.

It is the node people write today to run a learned policy on a ROS 1 robot: rospy subscribers
(``tcp_nodelay``, ``queue_size=1``) on the topics PolicyRT's ROS 1 transport reads, the
observation from ``peers.observation`` (the same numpy code the MQTT peer uses), the actor from
``peers.onnx_actor`` in PyTorch (``torch.no_grad``, one thread), and a velocity command on
``cmd_vel``:

  odom      nav_msgs/Odometry             planar pose, ``twist.linear.x``, ``twist.angular.z``
  path      nav_msgs/Path                 followed at ``--target-speed-mps`` (a Path carries none)
  obstacle  policyrt_msgs/ObstacleTrack   robot-relative when ``header.frame_id`` is ``--base-frame``
  estop     std_msgs/Bool                 true engages (commands zero) until a false arrives
  cmd_vel   geometry_msgs/Twist, or TwistStamped with ``--cmd-vel-type twist_stamped``

Topic names are relative, so ROS remapping works (``odom:=/robot/odom``). A TwistStamped command
carries the ``header.stamp`` of the odometry it was computed from, so whoever sent the odometry
can time sensor-to-command latency on its own clock (a Twist has no room for it).

``--mode on-message`` (default) computes and publishes in the odometry callback. ``--mode timer``
runs at ``--rate-hz`` with ``rospy.Rate`` from the newest odometry, and commands zero while that
odometry is older than ``--odom-timeout-s`` (on its arrival clock). Every mode commands zero on
an engaged e-stop, before a path arrives, and when an observation feature or the action is not
finite; odometry older than the newest one seen (by header stamp) is dropped and counted.

At start it checks that its PyTorch network agrees with ONNX Runtime's outputs for the same file
(``--reference``, optional), prints ``READY`` once its topics are registered, forgets its timings
on SIGUSR1 (end of warm-up), and on SIGTERM or SIGINT writes the processing time of each command
(odometry receipt or timer wake-up to publish returned, ns, one per line) to ``--timings-out`` and
in timer mode the wake-up lateness after each ``rospy.Rate`` deadline to ``--lateness-out``.

Run with Debian's interpreter from ``policy-export/python``, with ``ROS_MASTER_URI`` set:
``/usr/bin/python3 -m peers.rospy_policy_node --policy ../models/tracking-bc.onnx``.
Exit status 3: a Debian package is missing.
"""
import argparse
import math
import os
import signal
import sys
import threading
import time

import numpy as np

ROS_PACKAGES = ("ros-core python3-rospy python3-genmsg python3-genpy python3-std-msgs "
                "python3-geometry-msgs python3-nav-msgs")
try:
    import genmsg
    import genmsg.msg_loader
    import genpy.dynamic
    import rospy
    from geometry_msgs.msg import Twist, TwistStamped
    from nav_msgs.msg import Odometry
    from nav_msgs.msg import Path as PathMessage
    from std_msgs.msg import Bool
except ImportError as e:  # the harness turns exit status 3 into a message naming the packages
    print("missing ROS 1 Python packages (%s): install Debian's %s" % (e, ROS_PACKAGES), file=sys.stderr, flush=True)
    sys.exit(3)
import torch

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from peers.observation import ObservationBuilder, path_from_message  # noqa: E402
    from peers.onnx_actor import OnnxActor, to_physical  # noqa: E402
else:
    from .observation import ObservationBuilder, path_from_message
    from .onnx_actor import OnnxActor, to_physical

OBSTACLE_TYPE = "policyrt_msgs/ObstacleTrack"
# The repository's .msg files, next to the Java classes generated from the same text.
DEFAULT_MSG_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, os.pardir,
                               "ros1-client", "src", "main", "ros", "msg")


def obstacle_message_class(msg_dir):
    """policyrt_msgs/ObstacleTrack built at run time from its .msg file (it is no Debian package).

    Its dependencies (Header, Point, Vector3) come from Debian's definitions, so the md5 sum is
    the one PolicyRT's generated class carries and TCPROS connects.
    """
    search = {"policyrt_msgs": [os.path.join(msg_dir, "policyrt_msgs")]}
    for pkg in ("std_msgs", "geometry_msgs"):
        search[pkg] = [os.path.join(msg_dir, pkg), "/usr/share/%s/msg" % pkg]
    context = genmsg.MsgContext.create_default()
    spec = genmsg.msg_loader.load_msg_by_type(context, OBSTACLE_TYPE, search)
    genmsg.msg_loader.load_depends(context, spec, search)
    return genpy.dynamic.generate_dynamic(OBSTACLE_TYPE, genmsg.compute_full_text(context, spec))[OBSTACLE_TYPE]


def yaw_rad(q):
    """Yaw of a quaternion, as PolicyRT's OdometryFromRos computes it (need not be unit length)."""
    return math.atan2(2 * (q.w * q.z + q.x * q.y), q.w * q.w + q.x * q.x - q.y * q.y - q.z * q.z)


class PolicyNode:
    """Keeps the newest path, obstacle, e-stop and odometry; turns odometry into velocity commands."""

    def __init__(self, actor, publisher, stamped, target_speed_mps, base_frame, odom_timeout_s):
        self.actor = actor
        self.builder = ObservationBuilder(actor.spec)
        self.publisher = publisher
        self.stamped = stamped
        self.target_speed_mps = target_speed_mps
        self.base_frame = base_frame
        self.odom_timeout_s = odom_timeout_s
        self.command = TwistStamped() if stamped else Twist()
        if stamped:
            self.command.header.frame_id = base_frame
        self.path = None
        self.obstacle = None
        self.estop_engaged = False
        # (observation dict, header stamp, monotonic receipt time [s]); replaced whole, so a reader
        # on another thread sees one consistent message
        self.odom = None
        self.newest_odom_stamp = None
        self.commands = 0
        self.stops = 0
        self.dropped = {"odom": 0, "path": 0}
        self.timings_ns = []
        self.lateness_ns = []

    # ------------------------------------------------------------------ inputs (receive threads)

    def on_path(self, msg):
        try:
            self.path = path_from_message({"x_m": [p.pose.position.x for p in msg.poses],
                                           "y_m": [p.pose.position.y for p in msg.poses],
                                           "target_speed_mps": self.target_speed_mps})
        except ValueError as e:  # fewer than two poses, not finite, zero length: keep the old path
            self._drop("path", e)

    def on_obstacle(self, msg):
        self.obstacle = {
            "present": msg.present,
            "frame": "robot" if msg.header.frame_id == self.base_frame else "world",
            "x_m": msg.position.x, "y_m": msg.position.y,
            "vx_mps": msg.velocity.x, "vy_mps": msg.velocity.y,
            "radius_m": msg.radius,
        }

    def on_estop(self, msg):
        self.estop_engaged = bool(msg.data)

    def receive_odometry(self, msg):
        """Stores the odometry; returns False when it is older than the newest one seen (dropped)."""
        received_s = time.monotonic()
        stamp = msg.header.stamp
        if self.newest_odom_stamp is not None and stamp < self.newest_odom_stamp:
            self._drop("odom", "stamp %s older than %s" % (stamp, self.newest_odom_stamp))
            return False
        self.newest_odom_stamp = stamp
        p, t = msg.pose.pose.position, msg.twist.twist
        odom = {"x_m": p.x, "y_m": p.y, "yaw_rad": yaw_rad(msg.pose.pose.orientation), "v_mps": t.linear.x,
                "w_radps": t.angular.z}
        self.odom = (odom, stamp, received_s)
        return True

    def on_odometry(self, msg):
        """On-message mode: one command per odometry message, from its receive thread."""
        started_ns = time.perf_counter_ns()
        if self.receive_odometry(msg):
            odom, stamp, _ = self.odom
            self.publish(self.velocity(odom), stamp)
            self.timings_ns.append(time.perf_counter_ns() - started_ns)

    def _drop(self, topic, why):
        self.dropped[topic] += 1
        if self.dropped[topic] <= 3:
            print("dropped a message on %s: %s" % (topic, why), file=sys.stderr, flush=True)

    # ------------------------------------------------------------------ outputs

    def velocity(self, odom):
        """(v [m/s], w [rad/s]) for one odometry; zero when anything is missing or not finite."""
        path = self.path
        if self.estop_engaged or path is None or odom is None:
            return 0.0, 0.0
        obs = self.builder.build(odom, path, self.obstacle)
        if obs is None:  # a non-finite feature
            return 0.0, 0.0
        v, w = to_physical(self.actor.spec, self.actor.act(obs))
        if not (math.isfinite(v) and math.isfinite(w)):
            return 0.0, 0.0
        return float(v), float(w)

    def timer_tick(self):
        """Timer mode: a command from the newest odometry, or zero while it is missing or stale."""
        started_ns = time.perf_counter_ns()
        latest = self.odom
        if latest is None:
            self.publish((0.0, 0.0), None)
        elif time.monotonic() - latest[2] > self.odom_timeout_s:
            self.publish((0.0, 0.0), latest[1])
        else:
            self.publish(self.velocity(latest[0]), latest[1])
        self.timings_ns.append(time.perf_counter_ns() - started_ns)

    def publish(self, vw, odom_stamp):
        v, w = vw
        twist = self.command.twist if self.stamped else self.command
        twist.linear.x = v
        twist.angular.z = w
        if self.stamped:
            # the odometry's stamp, so that its sender can match the command (zero: none yet)
            self.command.header.stamp = odom_stamp if odom_stamp is not None else rospy.Time(0)
        self.publisher.publish(self.command)
        self.commands += 1
        if v == 0.0 and w == 0.0:
            self.stops += 1

    def reset_timings(self):
        self.timings_ns = []
        self.lateness_ns = []


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", required=True, help="PolicyRT .onnx file")
    ap.add_argument("--reference", help="JSON of ONNX Runtime outputs to check the PyTorch network against")
    ap.add_argument("--mode", choices=("on-message", "timer"), default="on-message")
    ap.add_argument("--rate-hz", type=float, default=50.0, help="timer mode: the loop rate [Hz]")
    ap.add_argument("--cmd-vel-type", choices=("twist", "twist_stamped"), default="twist")
    ap.add_argument("--target-speed-mps", type=float, default=0.5, help="speed to follow the path at [m/s]")
    ap.add_argument("--base-frame", default="base_link", help="the robot's frame: obstacles in it are robot-relative")
    ap.add_argument("--odom-timeout-s", type=float, help="timer mode: odometry older than this commands zero "
                                                         "[s] (default: the larger of 0.1 and 5 control periods)")
    ap.add_argument("--obstacle-msg-dir", default=DEFAULT_MSG_DIR, help="folder holding policyrt_msgs/ObstacleTrack.msg")
    ap.add_argument("--node-name", default="policyrt_rospy_peer")
    ap.add_argument("--timings-out", help="file for the per-command processing times [ns]")
    ap.add_argument("--lateness-out", help="timer mode: file for the wake-up lateness after each deadline [ns]")
    args = ap.parse_args(argv)
    if not (args.rate_hz > 0 and math.isfinite(args.rate_hz)):
        ap.error("--rate-hz must be a finite rate > 0")
    if not (args.target_speed_mps >= 0 and math.isfinite(args.target_speed_mps)):
        ap.error("--target-speed-mps must be finite and >= 0")
    return args


def main(argv=None):
    args = parse_args(rospy.myargv(sys.argv if argv is None else ["rospy_policy_node"] + list(argv))[1:])
    torch.set_num_threads(1)  # one small MLP per message: threads only add hand-over time
    actor = OnnxActor(args.policy)
    if args.reference:
        diff = actor.check_against(args.reference)
        print("onnx runtime check: max |diff| %.3g over the reference observations" % diff, flush=True)
    odom_timeout_s = args.odom_timeout_s or max(0.1, 5 * actor.spec.control_period_s)
    obstacle_class = obstacle_message_class(args.obstacle_msg_dir)

    rospy.init_node(args.node_name, disable_signals=True)
    stamped = args.cmd_vel_type == "twist_stamped"
    publisher = rospy.Publisher("cmd_vel", TwistStamped if stamped else Twist, queue_size=1, tcp_nodelay=True)
    node = PolicyNode(actor, publisher, stamped, args.target_speed_mps, args.base_frame, odom_timeout_s)
    rospy.Subscriber("path", PathMessage, node.on_path, queue_size=1)
    rospy.Subscriber("obstacle", obstacle_class, node.on_obstacle, queue_size=1, tcp_nodelay=True)
    rospy.Subscriber("estop", Bool, node.on_estop, queue_size=1, tcp_nodelay=True)
    on_odom = node.on_odometry if args.mode == "on-message" else node.receive_odometry
    rospy.Subscriber("odom", Odometry, on_odom, queue_size=1, tcp_nodelay=True)

    # A handler runs on the main thread between two bytecodes, possibly inside publish() with
    # rospy's locks held: it only sets a flag, and rospy shuts down from the main loop.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    signal.signal(signal.SIGUSR1, lambda signum, frame: node.reset_timings())  # end of warm-up
    print("READY", flush=True)
    if args.mode == "on-message":
        while not stop.wait(0.5) and not rospy.is_shutdown():
            pass
    else:
        rate = rospy.Rate(args.rate_hz)
        try:
            while not stop.is_set() and not rospy.is_shutdown():
                rate.sleep()
                # after sleep() rate.last_time is the deadline just passed (or now, when a whole
                # period was lost)
                node.lateness_ns.append((rospy.get_rostime() - rate.last_time).to_nsec())
                node.timer_tick()
        except rospy.ROSInterruptException:
            pass
    rospy.signal_shutdown("stopped")
    if args.timings_out:
        np.savetxt(args.timings_out, np.asarray(node.timings_ns, dtype=np.int64), fmt="%d")
    if args.lateness_out and args.mode == "timer":
        np.savetxt(args.lateness_out, np.asarray(node.lateness_ns, dtype=np.int64), fmt="%d")
    print("stopped after %d commands (%d stops), dropped odometry %d, path %d"
          % (node.commands, node.stops, node.dropped["odom"], node.dropped["path"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
