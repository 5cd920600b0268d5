#!/usr/bin/env python3
"""The rospy/genpy side of PolicyRT's ROS 1 message tests.

Run it with Debian's /usr/bin/python3 (packages python3-genmsg, python3-genpy and
python3-std-msgs, python3-geometry-msgs, python3-nav-msgs, python3-sensor-msgs).

  ros1_msg_peer.py truth MSG_ROOT TYPE...
      For each type, prints what genmsg and the Debian message classes say: the md5 sum and
      full definition text of the installed class (absent for types that are not installed),
      and the md5 sum and full text that genmsg computes from the .msg files under MSG_ROOT
      (dependencies that MSG_ROOT lacks come from /usr/share/<package>/msg).

  ros1_msg_peer.py exchange CASES_JSON
      CASES_JSON is a list of {"type", "definition", "values", "java_hex"}. For each case the
      script builds the message from "values" and serializes it with genpy ("python_hex"), and
      deserializes the Java bytes and reports them as values ("java_decoded") and whether they
      equal "values" ("equal"). Types that are not installed (policyrt_msgs/...) are loaded from
      "definition" with genpy.dynamic, as a rospy node can do at run time.

Values are JSON: a message is an object of its fields, an array a list, time and duration
{"sec": .., "nsec": ..}. Output is one JSON document on stdout. Exit status 3: a Debian package
is missing.
"""
import importlib
import io
import json
import os
import sys

try:
    import genmsg
    import genmsg.msg_loader
    import genpy
    import genpy.dynamic
except ImportError as e:  # pragma: no cover - reported to the Java test
    sys.stderr.write("cannot import genmsg/genpy (%s); install Debian's python3-genmsg python3-genpy\n" % e)
    sys.exit(3)


# Standard packages always come from Debian's classes, never from a definition at run time.
DEBIAN_PACKAGES = {'std_msgs': 'python3-std-msgs', 'geometry_msgs': 'python3-geometry-msgs',
                   'nav_msgs': 'python3-nav-msgs', 'sensor_msgs': 'python3-sensor-msgs'}


def installed_class(type_name):
    pkg, name = type_name.split('/')
    try:
        module = importlib.import_module(pkg + '.msg')
    except ImportError:
        return None
    return getattr(module, name, None)


def search_path(msg_root):
    path = {}
    for pkg in sorted(os.listdir(msg_root)):
        path.setdefault(pkg, []).append(os.path.join(msg_root, pkg))
    for pkg in ('std_msgs', 'geometry_msgs', 'nav_msgs', 'sensor_msgs'):
        path.setdefault(pkg, []).append('/usr/share/%s/msg' % pkg)
    return path


def truth(msg_root, types):
    out = {}
    path = search_path(msg_root)
    for type_name in types:
        entry = {}
        cls = installed_class(type_name)
        if cls is not None:
            entry['installed_md5'] = cls._md5sum
            entry['installed_definition'] = cls._full_text
        context = genmsg.MsgContext.create_default()
        spec = genmsg.msg_loader.load_msg_by_type(context, type_name, path)
        genmsg.msg_loader.load_depends(context, spec, path)
        entry['genmsg_md5'] = genmsg.compute_md5(context, spec)
        entry['genmsg_definition'] = genmsg.compute_full_text(context, spec)
        out[type_name] = entry
    return out


class Types(object):
    """Message classes by name: installed ones, then those generated from a case's definition."""

    def __init__(self):
        self.dynamic = {}

    def get(self, type_name, definition=None):
        cls = installed_class(type_name)
        pkg = type_name.split('/')[0]
        if cls is None and pkg in DEBIAN_PACKAGES:
            sys.stderr.write("%s is not installed; install Debian's %s\n" % (type_name, DEBIAN_PACKAGES[pkg]))
            sys.exit(3)
        if cls is None:
            cls = self.dynamic.get(type_name)
        if cls is None and definition is not None:
            self.dynamic.update(genpy.dynamic.generate_dynamic(type_name, definition))
            cls = self.dynamic.get(type_name)
        if cls is None:
            raise KeyError('unknown message type %s' % type_name)
        return cls


def bare(slot_type):
    return slot_type.split('[')[0]


def is_message(slot_type):
    return '/' in bare(slot_type) or bare(slot_type) == 'Header'


def full_type(slot_type, context_pkg):
    base = bare(slot_type)
    if base == 'Header':
        return 'std_msgs/Header'
    return base if '/' in base else context_pkg + '/' + base


def fill(msg, values, types):
    """Sets the fields of a genpy message from JSON values."""
    pkg = msg._type.split('/')[0]
    for name, slot_type in zip(msg.__slots__, msg._slot_types):
        if name not in values:
            continue
        value = values[name]
        base = bare(slot_type)
        if is_message(slot_type):
            cls = types.get(full_type(slot_type, pkg))
            if '[' in slot_type:
                items = []
                for v in value:
                    item = cls()
                    fill(item, v, types)
                    items.append(item)
                setattr(msg, name, items)
            else:
                fill(getattr(msg, name), value, types)
        elif base in ('time', 'duration'):
            make = genpy.Time if base == 'time' else genpy.Duration
            if '[' in slot_type:
                setattr(msg, name, [make(v['sec'], v['nsec']) for v in value])
            else:
                setattr(msg, name, make(value['sec'], value['nsec']))
        elif base in ('uint8', 'char') and '[' in slot_type:
            setattr(msg, name, bytes(value))
        else:
            setattr(msg, name, list(value) if isinstance(value, list) else value)
    return msg


def to_values(value):
    """A genpy message (or field value) as plain JSON values."""
    if isinstance(value, genpy.Message):
        return dict((name, to_values(getattr(value, name))) for name in value.__slots__)
    if isinstance(value, (genpy.Time, genpy.Duration)):
        return {'sec': value.secs, 'nsec': value.nsecs}
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(value, (list, tuple)):
        return [to_values(v) for v in value]
    return value


def exchange(cases):
    types = Types()
    results = []
    for case in cases:
        cls = types.get(case['type'], case.get('definition'))
        msg = fill(cls(), case['values'], types)
        buff = io.BytesIO()
        msg.serialize(buff)
        decoded = cls()
        decoded.deserialize(bytes.fromhex(case['java_hex']))
        expected = to_values(fill(cls(), case['values'], types))
        got = to_values(decoded)
        results.append({'type': case['type'], 'python_hex': buff.getvalue().hex(),
                        'java_decoded': got, 'equal': got == expected})
    return results


def main(argv):
    if len(argv) >= 3 and argv[1] == 'truth':
        json.dump(truth(argv[2], argv[3:]), sys.stdout, indent=1)
    elif len(argv) == 3 and argv[1] == 'exchange':
        with open(argv[2]) as f:
            json.dump(exchange(json.load(f)), sys.stdout, indent=1)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
