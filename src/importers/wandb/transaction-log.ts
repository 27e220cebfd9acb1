/**
 * The `.wandb` transaction log framing, a LevelDB-log variant: a 7-byte file header (`:W&B`, magic
 * 0xBEE1, version 0), then 32 KiB blocks counted from the start of the file. Each record has a 7-byte
 * header (CRC-32/IEEE of type byte + data, uint16 length, uint8 type); payloads that do not fit are
 * split into FIRST, MIDDLE…, LAST pieces. Fewer than 7 bytes left in a block are zero padding.
 * The file is read through a descriptor one block at a time, so nothing is allocated beyond a block
 * plus the payload being assembled, and that payload only grows by pieces actually read.
 */
import * as fs from '../source-fs.js';
import CRC32 from 'crc-32';

export const BLOCK_BYTES = 32768;
const FILE_HEADER_BYTES = 7;
const RECORD_HEADER_BYTES = 7;
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

export type LogItem =
  | { kind: 'payload'; data: Buffer; offset: number }
  | {
      kind: 'problem';
      /** `truncated`: the log ends inside a record, as when the writer was killed; reading stops there. */
      code: 'bad_header' | 'truncated_log' | 'bad_record_crc' | 'bad_record_type' | 'bad_padding';
      message: string;
      offset: number;
    };

export function* readTransactionLog(file: string): Generator<LogItem> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(FILE_HEADER_BYTES);
    if (size < FILE_HEADER_BYTES || fs.readSync(fd, header, 0, FILE_HEADER_BYTES, 0) !== FILE_HEADER_BYTES) {
      yield { kind: 'problem', code: 'bad_header', message: 'file is shorter than the 7-byte :W&B header', offset: 0 };
      return;
    }
    if (header.toString('latin1', 0, 4) !== ':W&B' || header.readUInt16LE(4) !== 0xbee1 || header[6] !== 0) {
      yield { kind: 'problem', code: 'bad_header', message: 'not a W&B transaction log (expected ":W&B", magic 0xBEE1, version 0)', offset: 0 };
      return;
    }
    yield* readBlocks(fd, size);
  } finally {
    fs.closeSync(fd);
  }
}

function* readBlocks(fd: number, size: number): Generator<LogItem> {
  const block = Buffer.alloc(BLOCK_BYTES);
  let pieces: Buffer[] = [];
  let payloadStart = -1;
  for (let blockStart = 0; blockStart < size; blockStart += BLOCK_BYTES) {
    const length = fs.readSync(fd, block, 0, Math.min(BLOCK_BYTES, size - blockStart), blockStart);
    let at = blockStart === 0 ? FILE_HEADER_BYTES : 0;
    while (at < length) {
      const offset = blockStart + at;
      const left = BLOCK_BYTES - at;
      if (left < RECORD_HEADER_BYTES) {
        // Block trailer: must be zero padding; a short final block just ends the file.
        if (length < BLOCK_BYTES) break;
        if (!block.subarray(at, BLOCK_BYTES).every((b) => b === 0)) {
          yield { kind: 'problem', code: 'bad_padding', message: 'block trailer is not zero padding; the rest of the log is skipped', offset };
          return;
        }
        break;
      }
      if (length - at < RECORD_HEADER_BYTES) {
        yield truncated(offset, 'the log ends inside a record header');
        return;
      }
      const checksum = block.readUInt32LE(at);
      const dataLength = block.readUInt16LE(at + 4);
      const type = block[at + 6];
      if (type === 0 && dataLength === 0 && checksum === 0) {
        // Zeroed space (preallocated or never written): nothing more in this block.
        if (block.subarray(at, length).every((b) => b === 0)) break;
      }
      if (RECORD_HEADER_BYTES + dataLength > left) {
        yield { kind: 'problem', code: 'bad_record_type', message: `record of ${dataLength} bytes does not fit in its block; the rest of the log is skipped`, offset };
        return;
      }
      if (at + RECORD_HEADER_BYTES + dataLength > length) {
        yield truncated(offset, `the log ends inside a record of ${dataLength} bytes`);
        return;
      }
      const data = block.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + dataLength);
      at += RECORD_HEADER_BYTES + dataLength;
      const computed = CRC32.buf(data, CRC32.buf([type])) >>> 0;
      if (computed !== checksum) {
        // As LevelDB does, drop the rest of the block: a corrupt length would misframe it anyway.
        yield { kind: 'problem', code: 'bad_record_crc', message: 'record fails its CRC-32 check; the rest of its 32 KiB block is skipped', offset };
        pieces = [];
        payloadStart = -1;
        break;
      }
      if (type === FULL) {
        if (pieces.length > 0) yield { kind: 'problem', code: 'bad_record_type', message: 'a split record was never finished', offset: payloadStart };
        pieces = [];
        payloadStart = -1;
        yield { kind: 'payload', data: Buffer.from(data), offset };
      } else if (type === FIRST) {
        if (pieces.length > 0) yield { kind: 'problem', code: 'bad_record_type', message: 'a split record was never finished', offset: payloadStart };
        pieces = [Buffer.from(data)];
        payloadStart = offset;
      } else if ((type === MIDDLE || type === LAST) && pieces.length > 0) {
        pieces.push(Buffer.from(data));
        if (type === LAST) {
          yield { kind: 'payload', data: Buffer.concat(pieces), offset: payloadStart };
          pieces = [];
          payloadStart = -1;
        }
      } else {
        yield { kind: 'problem', code: 'bad_record_type', message: `unexpected record type ${type}; skipped`, offset };
      }
    }
  }
  if (pieces.length > 0) yield truncated(payloadStart, 'the log ends inside a record split over blocks');
}

function truncated(offset: number, message: string): LogItem {
  return { kind: 'problem', code: 'truncated_log', message, offset };
}
