/**
 * Picking N-Quads lines by predicate without parsing them: the archive loads only what a query can match
 * (query-predicates.ts). A line whose subject and predicate are not plainly `<iri>` or `_:label` tokens
 * (a quoted triple, an escape, tabs between terms, a comment) is unreadable here, and a first load keeps
 * it: loading more quads than a query needs never changes its answer, loading fewer would.
 */

const NEWLINE = 0x0a;
const SPACE = 0x20;
const LESS = 0x3c;
const GREATER = 0x3e;
const UNDERSCORE = 0x5f;
const TAB = 0x09;
const COLON = 0x3a;

/** Which lines a load takes. */
export interface LineSelection {
  /** Predicate IRIs. */
  predicates: ReadonlySet<string>;
  /** Take the lines whose predicate is not listed instead. */
  except?: boolean;
  /** Skip unreadable lines: a load adding to an engine that took them all the first time. */
  readableOnly?: boolean;
}

/** The lines of `nquads` (whole lines) that `selection` takes. */
export function selectLines(nquads: Uint8Array, selection: LineSelection): Buffer {
  const data = Buffer.from(nquads.buffer, nquads.byteOffset, nquads.byteLength);
  const matcher = lineMatcher(selection);
  // A tab anywhere means a subject token may run into the next term: check every line's subject then.
  const tabs = data.includes(TAB);
  const kept: Buffer[] = [];
  let runStart = -1; // start of the current run of kept lines: copied once, not line by line
  let pos = 0;
  while (pos < data.length) {
    let end = data.indexOf(NEWLINE, pos);
    if (end < 0) end = data.length - 1;
    if (matcher(predicateOf(data, pos, end, tabs))) {
      if (runStart < 0) runStart = pos;
    } else if (runStart >= 0) {
      kept.push(data.subarray(runStart, pos));
      runStart = -1;
    }
    pos = end + 1;
  }
  if (runStart >= 0) kept.push(data.subarray(runStart, pos));
  return kept.length === 1 ? kept[0] : Buffer.concat(kept);
}

/** The same over a file read in chunks that may end mid-line. */
export function* selectChunkLines(chunks: Iterable<Buffer>, selection: LineSelection): Generator<Buffer> {
  let carry: Buffer | undefined;
  for (const chunk of chunks) {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    const lastNewline = data.lastIndexOf(NEWLINE);
    carry = Buffer.from(data.subarray(lastNewline + 1));
    if (lastNewline >= 0) yield selectLines(data.subarray(0, lastNewline + 1), selection);
  }
  if (carry && carry.length > 0) yield selectLines(carry, selection);
}

/** Whether a line with this predicate (undefined: unreadable) is taken. */
function lineMatcher(selection: LineSelection): (predicate: string | undefined) => boolean {
  // Predicates as their UTF-8 bytes read one byte per character: a line's predicate is compared without decoding it.
  const listed = new Set([...selection.predicates].map((p) => Buffer.from(p, 'utf8').toString('latin1')));
  const except = selection.except ?? false;
  const unreadable = !(selection.readableOnly ?? false);
  return (predicate) => (predicate === undefined ? unreadable : listed.has(predicate) !== except);
}

/** The predicate IRI of the line from `start` to `end` (its newline), as latin1 of its UTF-8; undefined when unreadable. */
function predicateOf(data: Buffer, start: number, end: number, tabs: boolean): string | undefined {
  const afterSubject = data.indexOf(SPACE, start);
  if (afterSubject < 0 || afterSubject > end) return undefined;
  const subjectIsIri = data[start] === LESS && data[afterSubject - 1] === GREATER;
  const subjectIsBlank = data[start] === UNDERSCORE && data[start + 1] === COLON;
  if (!subjectIsIri && !subjectIsBlank) return undefined;
  if (tabs && data.subarray(start, afterSubject).includes(TAB)) return undefined;
  const afterPredicate = data.indexOf(SPACE, afterSubject + 1);
  if (afterPredicate < 0 || afterPredicate > end) return undefined;
  if (data[afterSubject + 1] !== LESS || data[afterPredicate - 1] !== GREATER) return undefined;
  const predicate = data.toString('latin1', afterSubject + 2, afterPredicate - 1);
  return predicate.includes('\\') || predicate.includes('\t') ? undefined : predicate;
}
