/**
 * Vocabulary closure: every term the code, the mapper's output, mappings/ and queries/ use is declared
 * in ontology/rungraph.ttl, or is a concept of the schemes defined in mappings/concepts/.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { NamedNode } from '@rdfjs/types';
import sparqljs from 'sparqljs';
import { parse as parseYaml } from 'yaml';
import * as vocab from '../../src/vocab/namespaces.js';
import { mappedQuads, sampleInputs, vocabularyQuads } from './sample-records.js';
import { conceptNames, declared, parseTurtleFile, repoFile, RG, termsUsed, undeclared, yamlFiles } from './vocabulary-index.js';

/** Every named node anywhere in a parsed query (patterns, paths, filters, VALUES, templates). */
function namedNodesIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) namedNodesIn(item, out);
  else if (node && typeof node === 'object') {
    if ((node as NamedNode).termType === 'NamedNode') out.add((node as NamedNode).value);
    else for (const value of Object.values(node)) namedNodesIn(value, out);
  }
  return out;
}

const queryIris = (text: string): Set<string> => namedNodesIn(new sparqljs.Parser().parse(text));

/** Defaults of `type: iri` parameters in the `#+` header, expanded with the project prefixes. */
function headerDefaults(text: string): string[] {
  const header = text.split('\n').filter((l) => l.startsWith('#+')).map((l) => l.replace(/^#\+ ?/, '')).join('\n');
  const params = ((parseYaml(header) ?? {}) as { params?: { type?: string; default?: unknown }[] }).params ?? [];
  return params
    .filter((p) => p.type === 'iri' && typeof p.default === 'string')
    .map((p) => {
      const [prefix, ...rest] = (p.default as string).split(':');
      return prefix in vocab.NS ? vocab.NS[prefix as vocab.Prefix] + rest.join(':') : (p.default as string);
    });
}

const queriesDir = repoFile('queries');
const queryFiles = fs.existsSync(queriesDir) ? fs.readdirSync(queriesDir).filter((f) => f.endsWith('.rq')).sort() : [];

describe('vocabulary closure', function () {
  describe('the typed terms in src/vocab/namespaces.ts', function () {
    // rdf, rdfs and xsd are the core W3C languages themselves, not vocabularies we choose.
    const groups = { rg: vocab.rg, mls: vocab.mls, prov: vocab.prov, dcterms: vocab.dcterms, dcat: vocab.dcat, schema: vocab.schema, skos: vocab.skos, cr: vocab.cr, spdx: vocab.spdx };
    for (const [prefix, terms] of Object.entries(groups)) {
      it(`declares every ${prefix}: term`, function () {
        const missing = Object.values(terms).map((t) => t.value).filter((iri) => !declared.has(iri));
        assert.deepEqual(missing, []);
      });
    }

    it('declares no rg: term the code does not know, so the extension stays as small as the code needs', function () {
      const known = new Set(Object.values(vocab.rg).map((t) => t.value));
      const extra = [...declared].filter((iri) => iri.startsWith(RG) && !known.has(iri));
      assert.deepEqual(extra, []);
    });
  });

  describe('the mapper output', function () {
    for (const name of Object.keys(sampleInputs)) {
      it(`uses only declared terms for ${name}`, function () {
        assert.deepEqual(undeclared(termsUsed(mappedQuads(name))), []);
      });
    }
    it('uses only declared terms in the concept-scheme graph', function () {
      assert.deepEqual(undeclared(termsUsed(vocabularyQuads())), []);
    });
  });

  describe('ontology/shapes.ttl', function () {
    it('constrains only declared terms', function () {
      const shapes = parseTurtleFile('ontology', 'shapes.ttl');
      // The shapes' own IRIs (rgsh:) are shape names, not vocabulary.
      const used = [...termsUsed(shapes)].filter((iri) => !iri.startsWith('https://w3id.org/rungraph/shapes#'));
      assert.deepEqual(undeclared(used), []);
    });
  });

  describe('mappings/', function () {
    const concepts = conceptNames();

    it('defines concepts in all three schemes', function () {
      for (const [scheme, names] of Object.entries(concepts)) assert.ok(names.size > 0, `no ${scheme} concepts`);
    });

    it('names only defined concepts in broader, appliesTo and split links', function () {
      const problems: string[] = [];
      for (const { file, content } of yamlFiles('concepts')) {
        const scheme = content.scheme as keyof typeof concepts;
        for (const [name, concept] of Object.entries(content.concepts ?? {})) {
          if (concept.broader && !concepts[scheme].has(concept.broader as string)) problems.push(`${file}: ${name} broader ${String(concept.broader)}`);
          for (const a of (concept.appliesTo as string[] | undefined) ?? []) if (!concepts.algorithms.has(a)) problems.push(`${file}: ${name} appliesTo ${a}`);
        }
        for (const [rule, split] of Object.entries((content.splits ?? {}) as Record<string, { split: string }>)) {
          if (!declared.has(vocab.NS.cr + split.split)) problems.push(`${file}: split ${rule} → cr:${split.split} is not declared`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it("names only defined concepts in library files' algorithm and canonical fields", function () {
      const problems: string[] = [];
      const libraries = yamlFiles('libraries');
      assert.ok(libraries.length > 0);
      for (const { file, content } of libraries) {
        const implementations = content.implementations as Record<string, { algorithm: string; hyperparameters?: Record<string, { canonical?: string }> }>;
        for (const [id, impl] of Object.entries(implementations)) {
          if (!concepts.algorithms.has(impl.algorithm)) problems.push(`${file}: ${id} algorithm ${impl.algorithm}`);
          for (const [hp, mapping] of Object.entries(impl.hyperparameters ?? {})) {
            if (mapping.canonical && !concepts.hyperparameters.has(mapping.canonical)) problems.push(`${file}: ${id} ${hp} canonical ${mapping.canonical}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  });

  describe('queries/', function () {
    it('finds an undeclared term in a query, so the per-file checks can fail', function () {
      const text = `PREFIX rg: <${RG}> PREFIX mls: <${vocab.NS.mls}> PREFIX rgm: <${vocab.NS.rgm}>
        SELECT ?v WHERE { ?e a mls:ModelEvaluation ; mls:specifiedBy rgm:Accuracy ; rg:stepp ?s ; mls:hasValue ?v }`;
      assert.deepEqual(undeclared(queryIris(text)), [`${RG}stepp`]);
    });

    it('finds an undeclared IRI default in a query header', function () {
      const text = '#+ name: x\n#+ params:\n#+   - name: measure\n#+     type: iri\n#+     default: rgm:NoSuchMeasure\nSELECT * WHERE { ?s ?p ?o }';
      assert.deepEqual(undeclared(headerDefaults(text)), [`${vocab.NS.rgm}NoSuchMeasure`]);
    });

    for (const file of queryFiles) {
      it(`uses only declared terms in ${file}, its IRI parameter defaults included`, function () {
        const text = fs.readFileSync(`${queriesDir}/${file}`, 'utf8');
        assert.deepEqual(undeclared([...queryIris(text), ...headerDefaults(text)]), []);
      });
    }
  });
});
