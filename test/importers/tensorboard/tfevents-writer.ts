/**
 * A tiny tfevents writer for tests: encodes Event fields by number with protobufjs' low-level Writer
 * (not with the importer's schema), and frames them with masked CRC32C.
 */
import * as fs from 'node:fs';
import protobuf from 'protobufjs';
import CRC32C from 'crc-32/crc32c.js';

const { Writer } = protobuf;
const LEN = 2;
const I64 = 1;
const I32 = 5;
const VARINT = 0;

export function masked(data: Uint8Array): number {
  const crc = CRC32C.buf(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function frame(data: Uint8Array, options: { badLengthCrc?: boolean; badDataCrc?: boolean; declaredLength?: bigint } = {}): Buffer {
  const header = Buffer.alloc(12);
  header.writeBigUInt64LE(options.declaredLength ?? BigInt(data.length), 0);
  header.writeUInt32LE((masked(header.subarray(0, 8)) ^ (options.badLengthCrc ? 1 : 0)) >>> 0, 8);
  const footer = Buffer.alloc(4);
  footer.writeUInt32LE((masked(data) ^ (options.badDataCrc ? 1 : 0)) >>> 0, 0);
  return Buffer.concat([header, data, footer]);
}

const key = (w: protobuf.Writer, field: number, wire: number): protobuf.Writer => w.uint32((field << 3) | wire);

export interface TestValue {
  tag: string;
  simple?: number;
  /** Rank-0 tensor: float_val, double_val or raw content. */
  tensor?: { dtype: number; floatVal?: number; doubleVal?: number; content?: Buffer; dims?: number[] };
  plugin?: { name: string; content?: Uint8Array };
  dataClass?: number;
  histo?: boolean;
  image?: boolean;
}

export function summaryValue(v: TestValue): Uint8Array {
  const w = Writer.create();
  key(w, 1, LEN).string(v.tag);
  if (v.simple !== undefined) key(w, 2, I32).float(v.simple);
  if (v.image) key(w, 4, LEN).fork().uint32((1 << 3) | VARINT).int32(2).ldelim();
  if (v.histo) key(w, 5, LEN).fork().uint32((1 << 3) | I64).double(0).ldelim();
  if (v.tensor) {
    const t = key(w, 8, LEN).fork();
    key(t, 1, VARINT).int32(v.tensor.dtype);
    if (v.tensor.dims) {
      key(t, 2, LEN).fork();
      for (const d of v.tensor.dims) key(t, 2, LEN).fork().uint32((1 << 3) | VARINT).int64(d).ldelim();
      t.ldelim();
    }
    if (v.tensor.content) key(t, 4, LEN).bytes(v.tensor.content);
    if (v.tensor.floatVal !== undefined) key(t, 5, LEN).fork().float(v.tensor.floatVal).ldelim();
    if (v.tensor.doubleVal !== undefined) key(t, 6, LEN).fork().double(v.tensor.doubleVal).ldelim();
    t.ldelim();
  }
  if (v.plugin || v.dataClass) {
    const m = key(w, 9, LEN).fork();
    if (v.plugin) {
      key(m, 1, LEN).fork();
      key(m, 1, LEN).string(v.plugin.name);
      if (v.plugin.content) key(m, 2, LEN).bytes(v.plugin.content);
      m.ldelim();
    }
    if (v.dataClass) key(m, 4, VARINT).int32(v.dataClass);
    m.ldelim();
  }
  return w.finish();
}

export function event(e: { wallTime?: number; step?: number; fileVersion?: string; values?: TestValue[]; unknownField?: boolean }): Uint8Array {
  const w = Writer.create();
  if (e.wallTime !== undefined) key(w, 1, I64).double(e.wallTime);
  if (e.step !== undefined) key(w, 2, VARINT).int64(e.step);
  if (e.fileVersion !== undefined) key(w, 3, LEN).string(e.fileVersion);
  if (e.values) {
    const s = key(w, 5, LEN).fork();
    for (const v of e.values) key(s, 1, LEN).bytes(summaryValue(v));
    s.ldelim();
  }
  if (e.unknownField) key(w, 99, LEN).string('from a newer writer');
  return w.finish();
}

/** hparams plugin content: HParamsPluginData{session_start_info{hparams{name: Value}}} or session_end_info. */
export function hparamsStart(hparams: Record<string, number | string | boolean>): Uint8Array {
  const w = Writer.create();
  const start = key(w, 3, LEN).fork();
  for (const [name, value] of Object.entries(hparams)) {
    const entry = key(start, 1, LEN).fork();
    key(entry, 1, LEN).string(name);
    const v = key(entry, 2, LEN).fork();
    if (typeof value === 'number') key(v, 2, I64).double(value);
    else if (typeof value === 'string') key(v, 3, LEN).string(value);
    else key(v, 4, VARINT).bool(value);
    v.ldelim();
    entry.ldelim();
  }
  start.ldelim();
  return w.finish();
}

export function hparamsEnd(status: number): Uint8Array {
  const w = Writer.create();
  key(w, 4, LEN).fork().uint32((1 << 3) | VARINT).int32(status).ldelim();
  return w.finish();
}

export function writeEvents(file: string, records: Buffer[]): void {
  fs.writeFileSync(file, Buffer.concat(records));
}
