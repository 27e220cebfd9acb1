/**
 * A local copy of the RO-Crate 1.1 and Workflow Run Crate context terms our crates use, written from
 * the published contexts, with a JSON-LD document loader that serves them. Crates can then be expanded
 * and checked with no network; any other remote context is refused.
 */
import { RO_CRATE_CONTEXT, WORKFLOW_RUN_CONTEXT } from './ro-crate.js';

const schemaTerms = [
  'CreativeWork', 'Dataset', 'Person', 'CreateAction', 'SoftwareApplication', 'PropertyValue', 'DefinedTerm',
  'about', 'name', 'description', 'datePublished', 'hasPart', 'mentions', 'version', 'identifier', 'instrument', 'object', 'result',
  'startTime', 'endTime', 'actionStatus', 'softwareVersion', 'isPartOf', 'additionalType', 'value', 'exampleOfWork', 'propertyID',
  'sameAs', 'encodingFormat', 'contentUrl', 'url', 'license', 'agent', 'author',
];

export const LOCAL_CONTEXTS: Record<string, Record<string, unknown>> = {
  [RO_CRATE_CONTEXT]: {
    '@context': {
      ...Object.fromEntries(schemaTerms.map((t) => [t, `http://schema.org/${t}`])),
      File: 'http://schema.org/MediaObject',
      conformsTo: 'http://purl.org/dc/terms/conformsTo',
      FormalParameter: 'https://bioschemas.org/FormalParameter',
      input: 'https://bioschemas.org/ComputationalWorkflow#input',
      output: 'https://bioschemas.org/ComputationalWorkflow#output',
    },
  },
  [WORKFLOW_RUN_CONTEXT]: { '@context': { sha256: 'https://w3id.org/ro/terms/workflow-run#sha256' } },
};

/** A jsonld.js documentLoader that serves only the local contexts. */
export async function localDocumentLoader(url: string): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
  const document = LOCAL_CONTEXTS[url];
  if (!document) throw new Error(`no local copy of ${url} (no network access for JSON-LD contexts)`);
  return { contextUrl: null, documentUrl: url, document };
}
