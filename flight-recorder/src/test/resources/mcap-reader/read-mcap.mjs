// Reads MCAP files with the MCAP TypeScript library and prints what it found, one fact a line,
// for McapIndependentReaderIT to check. Usage: node read-mcap.mjs FILE...
// Each file is read twice: with McapIndexedReader (summary, chunk indexes, message indexes, the
// summary CRC) and with McapStreamReader (every record in order, chunk CRCs). The data section
// CRC in Data End is checked here with a CRC32 of our own.
import { open, readFile } from "node:fs/promises";
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function describe(topic, data) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (topic === "/cmd_vel") {
    // ROS 1 geometry_msgs/Twist: 6 float64, little-endian; angular.z is the last.
    return `linear.x=${view.getFloat64(0, true)} angular.z=${view.getFloat64(40, true)}`;
  }
  if (topic === "/cmd_vel_ros2") {
    // CDR: 4-byte encapsulation header, then the same 6 float64.
    return `linear.x=${view.getFloat64(4, true)} angular.z=${view.getFloat64(44, true)}`;
  }
  const value = JSON.parse(new TextDecoder().decode(data));
  return JSON.stringify(value);
}

const decompressHandlers = await loadDecompressHandlers();
for (const path of process.argv.slice(2)) {
  console.log(`file ${path}`);
  const handle = await open(path, "r");
  const readable = {
    size: async () => BigInt((await handle.stat()).size),
    read: async (offset, size) => {
      const buffer = new Uint8Array(Number(size));
      const { bytesRead } = await handle.read(buffer, 0, Number(size), Number(offset));
      if (bytesRead !== Number(size)) throw new Error(`short read at ${offset}`);
      return buffer;
    },
  };
  const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
  console.log(`header profile=${reader.header.profile} library=${reader.header.library}`);
  for (const s of reader.schemasById.values()) {
    console.log(`schema ${s.id} ${s.name} ${s.encoding} ${s.data.byteLength}`);
  }
  for (const c of reader.channelsById.values()) {
    console.log(`channel ${c.id} ${c.topic} ${c.messageEncoding} schema=${c.schemaId} ` +
      `metadata=${JSON.stringify(Object.fromEntries(c.metadata))}`);
  }
  const st = reader.statistics;
  console.log(`statistics messages=${st.messageCount} chunks=${st.chunkCount} ` +
    `metadata=${st.metadataCount} start=${st.messageStartTime} end=${st.messageEndTime}`);
  const compressions = new Set(reader.chunkIndexes.map((c) => c.compression));
  console.log(`chunks ${reader.chunkIndexes.length} compression=${[...compressions].join(",")}`);

  const counts = new Map();
  let previous = 0n;
  let ordered = true;
  for await (const m of reader.readMessages()) {
    const topic = reader.channelsById.get(m.channelId).topic;
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
    if (m.logTime < previous) ordered = false;
    previous = m.logTime;
    if (topic === "/cmd_vel" && m.sequence === 499) {
      // The ROS 1 bytes as extracted here, for Debian's genpy classes to decode.
      console.log(`ros1hex ${topic} ${Buffer.from(m.data).toString("hex")}`);
    }
    if (m.sequence === 0 || m.sequence === 1 || m.sequence === 499) {
      console.log(`value ${topic} seq=${m.sequence} log=${m.logTime} publish=${m.publishTime} ` +
        describe(topic, m.data));
    }
  }
  for (const [topic, n] of [...counts].sort()) console.log(`indexed ${topic} ${n}`);
  console.log(`indexed-order ${ordered ? "ascending" : "NOT ascending"}`);
  for await (const md of reader.readMetadata()) {
    console.log(`metadata ${md.name} ${JSON.stringify(Object.fromEntries(md.metadata))}`);
  }
  await handle.close();

  const bytes = await readFile(path);
  const stream = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  stream.append(bytes);
  const streamCounts = new Map();
  const channels = new Map();
  let record;
  let dataEnd = undefined;
  let offset = 0;
  while ((record = stream.nextRecord())) {
    if (record.type === "Channel") channels.set(record.id, record.topic);
    if (record.type === "Message") {
      const topic = channels.get(record.channelId);
      streamCounts.set(topic, (streamCounts.get(topic) ?? 0) + 1);
    }
    if (record.type === "DataEnd") dataEnd = record;
  }
  if (!stream.done()) throw new Error("the stream reader did not reach the end of the file");
  for (const [topic, n] of [...streamCounts].sort()) console.log(`stream ${topic} ${n}`);
  // The Data End record sits right before the summary: 1 + 8 + 4 bytes.
  const summaryStart = Number(reader.footer.summaryStart);
  const dataEndOffset = summaryStart - 13;
  const crc = crc32(bytes.subarray(0, dataEndOffset));
  console.log(`datacrc ${crc === dataEnd.dataSectionCrc ? "ok" : `MISMATCH ${crc} ${dataEnd.dataSectionCrc}`}`);
}
