"""A Python MQTT policy node: the baseline the latency harness compares PolicyRT with.

It does what a typical Python robotics node does with paho-mqtt, numpy and PyTorch: subscribes to
the robot's JSON sensor topics, and on every odometry message builds the observation, runs the
actor in PyTorch, maps the action onto its bounds and publishes a velocity command (QoS 1) that
echoes the odometry's stamp in ``odom_stamp_ns``. At start it checks that its PyTorch network
agrees with ONNX Runtime's outputs for the same file (``--reference``), prints ``READY`` once its
subscriptions are acknowledged, forgets its timings on SIGUSR1 (end of warm-up), and on SIGTERM
or SIGINT writes the processing time of each
odometry message (receipt to publish, ns, one per line) to ``--timings-out``.

Run with Debian's interpreter: ``/usr/bin/python3 -m peers.mqtt_policy_node --port 1883 ...``
from ``policy-export/python``.
"""
import argparse
import json
import math
import os
import signal
import sys
import time

import numpy as np
import paho.mqtt.client as mqtt

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from peers.observation import ObservationBuilder, path_from_message  # noqa: E402
    from peers.onnx_actor import OnnxActor, to_physical  # noqa: E402
else:
    from .observation import ObservationBuilder, path_from_message
    from .onnx_actor import OnnxActor, to_physical


class PolicyNode:
    """Holds the latest path and obstacle; turns each odometry message into one command."""

    def __init__(self, actor, client, topic_base):
        self.actor = actor
        self.builder = ObservationBuilder(actor.spec)
        self.client = client
        self.cmd_topic = topic_base + "cmd/vel"
        self.path = None
        self.obstacle = None
        self.seq = 0
        self.timings_ns = []
        self.refused = 0

    def on_path(self, msg):
        self.path = path_from_message(msg)

    def on_obstacle(self, msg):
        self.obstacle = msg

    def on_odometry(self, msg, received_ns):
        if self.path is None:
            return
        obs = self.builder.build(msg, self.path, self.obstacle)
        if obs is None:
            v, w = 0.0, 0.0  # a non-finite feature: stop
        else:
            v, w = to_physical(self.actor.spec, self.actor.act(obs))
            if not (math.isfinite(v) and math.isfinite(w)):
                v, w = 0.0, 0.0
        command = {"seq": self.seq, "stamp_ns": time.time_ns(), "v_mps": float(v), "w_radps": float(w),
                   "odom_stamp_ns": msg["stamp_ns"]}
        self.seq += 1
        self.client.publish(self.cmd_topic, json.dumps(command), qos=1)
        self.timings_ns.append(time.perf_counter_ns() - received_ns)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--topic-base", default="policyrt/bench/", help="topic prefix incl. robot id and trailing /")
    ap.add_argument("--policy", required=True, help="PolicyRT .onnx file")
    ap.add_argument("--reference", help="JSON of ONNX Runtime outputs to check the PyTorch network against")
    ap.add_argument("--timings-out", help="file for the per-message processing times [ns]")
    args = ap.parse_args(argv)

    actor = OnnxActor(args.policy)
    if args.reference:
        diff = actor.check_against(args.reference)
        print("onnx runtime check: max |diff| %.3g over the reference observations" % diff, flush=True)

    client = mqtt.Client(client_id="policyrt-python-peer-%d" % os.getpid(), clean_session=True)
    node = PolicyNode(actor, client, args.topic_base)
    handlers = {
        args.topic_base + "path": lambda m, t: node.on_path(m),
        args.topic_base + "obstacle": lambda m, t: node.on_obstacle(m),
        args.topic_base + "odom": node.on_odometry,
    }

    def on_connect(c, userdata, flags, rc):
        if rc != 0:
            print("mqtt connect refused: rc=%d" % rc, file=sys.stderr, flush=True)
            return
        c.subscribe([(args.topic_base + "path", 1), (args.topic_base + "obstacle", 0), (args.topic_base + "odom", 0)])

    def on_subscribe(c, userdata, mid, granted_qos):
        print("READY", flush=True)

    def on_message(c, userdata, message):
        received_ns = time.perf_counter_ns()
        try:
            msg = json.loads(message.payload)
            handlers[message.topic](msg, received_ns)
        except (ValueError, KeyError, TypeError) as e:  # a malformed message is dropped, the node keeps going
            node.refused += 1
            if node.refused <= 3:
                print("dropped a message on %s: %r" % (message.topic, e), file=sys.stderr, flush=True)

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message

    stopping = []

    def stop(signum, frame):
        # Only note the request. paho's disconnect() closes the socket; run from a signal handler it
        # can do so under a socket read in progress, which then fails on a socket that is None.
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGUSR1, lambda signum, frame: node.timings_ns.clear())  # end of warm-up
    client.connect(args.host, args.port, keepalive=10)
    while not stopping:
        # a message wakes the loop at once; the timeout only bounds how long a stop request waits
        if client.loop(timeout=0.1) != mqtt.MQTT_ERR_SUCCESS and not stopping:
            time.sleep(0.1)  # the connection is gone: reconnect until told to stop, as loop_forever does
            try:
                client.reconnect()
            except OSError:
                pass
    client.disconnect()
    if args.timings_out:
        np.savetxt(args.timings_out, np.asarray(node.timings_ns, dtype=np.int64), fmt="%d")
    print("stopped after %d commands, %d dropped messages" % (node.seq, node.refused), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
