import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import { ImplementationMapping } from '../../src/mapping/mapping-schema.js';
import { readYamlFile } from '../../src/mapping/yaml-file.js';
import { readRunPlan } from '../../src/query/run-plan.js';
import { encodeEntry, readJournal } from '../../src/store/embedded/journal.js';
import { scratchDirectory } from './support/cli-process.js';
import { watchedRead } from './support/run-importer.js';
import { registeredLayouts } from './support/source-layouts.js';

/** Cases per parser: enough to find shallow crashes, few enough to keep the suite quick. */
const RUNS = Number(process.env.RUNGRAPH_FUZZ_RUNS ?? 100);

/** A hostile version of a valid file: cut, bit-flipped, spliced with arbitrary bytes, or replaced. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), positions: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 256 }) }),
  fc.record({ kind: fc.constant('replace' as const), bytes: fc.uint8Array({ maxLength: 2048 }) }),
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ unit: 'binary', maxLength: 512 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(valid: Buffer, m: Mutation): Buffer {
  switch (m.kind) {
    case 'cut':
      return valid.subarray(0, Math.floor(valid.length * m.at));
    case 'flip': {
      const out = Buffer.from(valid);
      for (const p of m.positions) if (out.length > 0) out[p % out.length] ^= m.bits;
      return out;
    }
    case 'splice': {
      const at = valid.length === 0 ? 0 : m.at % valid.length;
      return Buffer.concat([valid.subarray(0, at), Buffer.from(m.bytes), valid.subarray(at)]);
    }
    case 'replace':
      return Buffer.from(m.bytes);
    case 'text':
      return Buffer.from(m.text, 'utf8');
  }
}

describe('property-based fuzzing of every parser', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = scratchDirectory('fuzz');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { layout, importer } of registeredLayouts()) {
    it(`${layout.importer} importer: any mutation of any of its files gives runs or issues, never a throw or a hang`, async () => {
      const root = path.join(dir, layout.importer);
      const location = layout.write(root);
      const originals = new Map(layout.targets.map((t) => [t.file, fs.readFileSync(path.join(root, t.file))]));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...layout.targets), mutation, async (target, m) => {
          for (const [file, content] of originals) fs.writeFileSync(path.join(root, file), content);
          fs.writeFileSync(path.join(root, target.file), mutate(originals.get(target.file)!, m));
          const result = await watchedRead(importer, location, 10_000);
          assert.equal(result.crash, undefined, `threw: ${result.crash?.stack}`);
          assert.equal(result.timedOut, false, 'hung');
          for (const issue of result.issues) assert.ok(issue.message.length < 10_000, `an issue message of ${issue.message.length} characters`);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('mapping files: any text gives a mapping or issues naming the file, never a throw', () => {
    const file = path.join(dir, 'mapping.yaml');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 1024 }), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        fs.writeFileSync(file, text);
        const result = readYamlFile(file, ImplementationMapping);
        if (!result.ok) {
          assert.ok(result.issues.length > 0);
          for (const issue of result.issues) assert.equal(issue.file, file);
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('plan files: any text gives a plan or an InputError naming the file', () => {
    const file = path.join(dir, 'plan.yaml');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 1024 }), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        fs.writeFileSync(file, text);
        try {
          readRunPlan(file);
        } catch (e) {
          assert.ok(e instanceof InputError, `not an InputError: ${String(e)}`);
          assert.equal(e.context.file, file);
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('the journal: any bytes after valid entries are dropped, and the valid entries are kept', () => {
    const file = path.join(dir, 'journal.log');
    const valid = [encodeEntry({ op: 'replace', graphs: ['urn:g'], nquads: '<urn:s> <urn:p> "o" <urn:g> .\n' }), encodeEntry({ op: 'delete', graphs: ['urn:h'], nquads: '' })];
    const head = Buffer.from('rungraph-journal 1 generation=3\n');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), mutation, (tail, m) => {
        fs.writeFileSync(file, Buffer.concat([head, ...valid, mutate(Buffer.from(tail), m)]));
        const result = readJournal(file)!;
        assert.equal(result.generation, 3);
        assert.deepEqual(result.entries.slice(0, 2).map((e) => e.op), ['replace', 'delete']);
        assert.ok(result.validLength >= head.length + valid[0].length + valid[1].length);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
