/**
 * A tiny `.wandb` writer for tests: Record messages encoded by field number with protobufjs' low-level
 * Writer (independent of the importer's schema), framed in 32 KiB blocks like W&B's datastore.
 */
import protobuf from 'protobufjs';
import CRC32 from 'crc-32';

const { Writer } = protobuf;
const BLOCK = 32768;
const LEN = 2;
const VARINT = 0;

const key = (w: protobuf.Writer, field: number, wire: number): protobuf.Writer => w.uint32((field << 3) | wire);

function item(w: protobuf.Writer, field: number, k: string | string[], valueJson: string): void {
  const m = key(w, field, LEN).fork();
  if (Array.isArray(k)) for (const part of k) key(m, 2, LEN).string(part);
  else key(m, 1, LEN).string(k);
  key(m, 16, LEN).string(valueJson);
  m.ldelim();
}

/** History row: items as [key or nested key, value_json]; `step` sets HistoryRecord.step. */
export function historyRecord(items: [string | string[], string][], step?: number): Uint8Array {
  const w = Writer.create();
  const h = key(w, 2, LEN).fork();
  for (const [k, v] of items) item(h, 1, k, v);
  if (step !== undefined) {
    key(h, 2, LEN).fork();
    if (step !== 0) key(h, 1, VARINT).int64(step);
    h.ldelim();
  }
  h.ldelim();
  return w.finish();
}

export function configRecord(items: [string | string[], string][]): Uint8Array {
  const w = Writer.create();
  const c = key(w, 5, LEN).fork();
  for (const [k, v] of items) item(c, 1, k, v);
  c.ldelim();
  return w.finish();
}

export function summaryRecord(items: [string | string[], string][]): Uint8Array {
  const w = Writer.create();
  const s = key(w, 3, LEN).fork();
  for (const [k, v] of items) item(s, 1, k, v);
  s.ldelim();
  return w.finish();
}

export function runRecord(run: { id: string; project?: string; name?: string; tags?: string[]; startSeconds?: number; startingStep?: number; host?: string }): Uint8Array {
  const w = Writer.create();
  const r = key(w, 17, LEN).fork();
  key(r, 1, LEN).string(run.id);
  if (run.project) key(r, 3, LEN).string(run.project);
  if (run.name) key(r, 8, LEN).string(run.name);
  for (const t of run.tags ?? []) key(r, 10, LEN).string(t);
  if (run.host) key(r, 13, LEN).string(run.host);
  if (run.startingStep) key(r, 14, VARINT).int64(run.startingStep);
  if (run.startSeconds) key(r, 17, LEN).fork().uint32((1 << 3) | VARINT).int64(run.startSeconds).ldelim();
  // An unknown field from a newer SDK (environment record), which must be skipped.
  key(r, 99, LEN).string('future');
  r.ldelim();
  key(w, 26, LEN).fork().uint32((1 << 3) | LEN).string('Linux').ldelim();
  return w.finish();
}

export function exitRecord(exitCode: number, runtime = 0): Uint8Array {
  const w = Writer.create();
  const e = key(w, 18, LEN).fork();
  if (exitCode !== 0) key(e, 1, VARINT).int32(exitCode);
  if (runtime !== 0) key(e, 2, VARINT).int32(runtime);
  e.ldelim();
  return w.finish();
}

/** Frames payloads as the W&B datastore does; `corrupt` flips a CRC bit of the chosen payload indexes. */
export function wandbLog(payloads: Uint8Array[], options: { corrupt?: number[] } = {}): Buffer {
  const chunks: Buffer[] = [Buffer.from([0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00])];
  let index = 7;
  payloads.forEach((payload, n) => {
    let data = Buffer.from(payload);
    let first = true;
    for (;;) {
      let left = BLOCK - (index % BLOCK);
      if (left < 7) {
        chunks.push(Buffer.alloc(left));
        index += left;
        left = BLOCK;
      }
      const room = left - 7;
      const piece = data.subarray(0, room);
      const last = piece.length === data.length;
      const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      const header = Buffer.alloc(7);
      const crc = (CRC32.buf(piece, CRC32.buf([type])) >>> 0) ^ (options.corrupt?.includes(n) ? 1 : 0);
      header.writeUInt32LE(crc >>> 0, 0);
      header.writeUInt16LE(piece.length, 4);
      header[6] = type;
      chunks.push(header, piece);
      index += 7 + piece.length;
      data = data.subarray(piece.length);
      first = false;
      if (last) break;
    }
  });
  return Buffer.concat(chunks);
}
