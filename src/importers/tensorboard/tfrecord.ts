/**
 * TFRecord framing of tfevents files: uint64 length, masked CRC32C of the length bytes, data, masked
 * CRC32C of the data. The file is read in chunks through a file descriptor, and a declared length is
 * only allocated after it has been checked against the bytes left in the file.
 */
import * as fs from '../source-fs.js';
import CRC32C from 'crc-32/crc32c.js';

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;
const MASK_DELTA = 0xa282ead8;

/** TensorFlow's masked CRC32C, so that CRCs of data holding CRCs do not collide. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = CRC32C.buf(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

export type TfRecordItem =
  | { kind: 'record'; data: Uint8Array; offset: number }
  /** `truncated`: the file ends inside a record (writer still open or crashed); reading stops there. */
  | { kind: 'problem'; code: 'truncated_record' | 'bad_length_crc' | 'bad_data_crc'; message: string; offset: number };

/**
 * Yields the records of one file. A bad length CRC stops the file (the length cannot be trusted, so
 * nothing after it can be framed); a bad data CRC skips that record only.
 */
export function* readTfRecords(file: string): Generator<TfRecordItem> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const reader = new ChunkedReader(fd, size);
    let offset = 0;
    while (offset < size) {
      if (size - offset < HEADER_BYTES) {
        yield { kind: 'problem', code: 'truncated_record', message: `file ends ${size - offset} bytes into a record header`, offset };
        return;
      }
      const header = reader.read(offset, HEADER_BYTES);
      if (maskedCrc32c(header.subarray(0, 8)) !== header.readUInt32LE(8)) {
        yield { kind: 'problem', code: 'bad_length_crc', message: 'record length fails its CRC32C check; the rest of the file is skipped', offset };
        return;
      }
      const length = header.readBigUInt64LE(0);
      const available = BigInt(size - offset - HEADER_BYTES - FOOTER_BYTES);
      if (length > available) {
        yield {
          kind: 'problem',
          code: 'truncated_record',
          message: `record declares ${length} data bytes but only ${available < 0n ? 0n : available} remain`,
          offset,
        };
        return;
      }
      // Safe: the length was just checked against the bytes left in the file.
      const body = reader.read(offset + HEADER_BYTES, Number(length) + FOOTER_BYTES);
      const data = body.subarray(0, Number(length));
      if (maskedCrc32c(data) !== body.readUInt32LE(Number(length))) {
        yield { kind: 'problem', code: 'bad_data_crc', message: 'record data fails its CRC32C check; record skipped', offset };
      } else {
        yield { kind: 'record', data, offset };
      }
      offset += HEADER_BYTES + Number(length) + FOOTER_BYTES;
    }
  } finally {
    fs.closeSync(fd);
  }
}

const CHUNK_BYTES = 1 << 20;

/** Serves reads from 1 MiB chunks, so small records do not cost two system calls each. */
class ChunkedReader {
  private chunk = Buffer.alloc(0);
  private chunkStart = 0;

  constructor(private readonly fd: number, private readonly size: number) {}

  /** `length` must already be known to fit in the file. */
  read(position: number, length: number): Buffer {
    const start = position - this.chunkStart;
    if (start >= 0 && start + length <= this.chunk.length) return this.chunk.subarray(start, start + length);
    const want = Math.min(Math.max(length, CHUNK_BYTES), this.size - position);
    const chunk = Buffer.alloc(want);
    let done = 0;
    while (done < want) {
      const n = fs.readSync(this.fd, chunk, done, want - done, position + done);
      if (n === 0) throw new RangeError('file shrank while being read');
      done += n;
    }
    this.chunk = chunk;
    this.chunkStart = position;
    return chunk.subarray(0, length);
  }
}
