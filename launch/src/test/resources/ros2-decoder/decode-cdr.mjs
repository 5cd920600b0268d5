// Decodes the ROS 2 channels of an MCAP file with Foxglove's libraries, as Foxglove would: each
// cdr channel's ros2msg schema parsed by @foxglove/rosmsg, each sample read by
// @foxglove/rosmsg2-serialization. Prints, one fact a line, for Ros2RecordingIT to check:
//   channel TOPIC ENCODING SCHEMA_NAME SCHEMA_ENCODING QOS_JSON
//   count TOPIC N            samples decoded
//   first TOPIC JSON         the first sample decoded
//   undecodable TOPIC ERROR  a sample the reader could not decode
// Usage: node decode-cdr.mjs FILE
import { open } from "node:fs/promises";
import { McapIndexedReader } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";

const handle = await open(process.argv[2], "r");
const readable = {
  size: async () => BigInt((await handle.stat()).size),
  read: async (offset, size) => {
    const buffer = new Uint8Array(Number(size));
    const { bytesRead } = await handle.read(buffer, 0, Number(size), Number(offset));
    if (bytesRead !== Number(size)) throw new Error(`short read at ${offset}`);
    return buffer;
  },
};
const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: await loadDecompressHandlers() });
const readers = new Map();
const counts = new Map();
for (const c of reader.channelsById.values()) {
  if (c.messageEncoding !== "cdr") continue;
  const schema = reader.schemasById.get(c.schemaId);
  console.log(`channel ${c.topic} ${c.messageEncoding} ${schema.name} ${schema.encoding} ` +
    JSON.stringify(c.metadata.get("offered_qos_profiles") ?? null));
  readers.set(c.id, new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true })));
  counts.set(c.topic, 0);
}
const plain = (key, value) => typeof value === "bigint" ? value.toString()
  : ArrayBuffer.isView(value) ? Array.from(value) : value;
for await (const m of reader.readMessages()) {
  const r = readers.get(m.channelId);
  if (r === undefined) continue;
  const topic = reader.channelsById.get(m.channelId).topic;
  try {
    const value = r.readMessage(m.data);
    if (counts.get(topic) === 0) console.log(`first ${topic} ${JSON.stringify(value, plain)}`);
    counts.set(topic, counts.get(topic) + 1);
  } catch (e) {
    console.log(`undecodable ${topic} ${e}`);
  }
}
for (const [topic, n] of counts) console.log(`count ${topic} ${n}`);
await handle.close();
