/**
 * OpenML API documents, XML (`oml:` namespace) or the JSON mirror, brought to one plain shape:
 * the `oml:` prefix dropped, attributes (`repeat`, `fold`, `name`) merged with child elements, every
 * leaf kept as text so numbers are typed later with their original spelling.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseJson } from '../json-budget.js';

export type OmlNode = Record<string, unknown>;

export interface OmlDocument {
  /** Root element without prefix: `run`, `flow`, `task`, `setup_parameters`, `runs`, `evaluations`, … */
  root: string;
  body: OmlNode;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Throws SyntaxError with the parser's message (and line) when the text is not a document. */
export function parseOmlDocument(text: string, kind: 'xml' | 'json'): OmlDocument {
  let tree: unknown;
  if (kind === 'xml') {
    // API responses never declare a DTD; refusing one rules out entity-expansion bombs.
    if (/<!DOCTYPE/i.test(text)) throw new SyntaxError('a DOCTYPE is not expected in an OpenML document');
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new SyntaxError(`invalid XML at line ${valid.err.line}: ${valid.err.msg}`);
    tree = parser.parse(text);
  } else {
    tree = stripPrefixes(parseJson(text));
  }
  if (!isNode(tree)) throw new SyntaxError('expected an object at the top level');
  const roots = Object.keys(tree).filter((k) => k !== '?xml' && !k.startsWith('#'));
  if (roots.length !== 1 || !isNode(tree[roots[0]])) throw new SyntaxError(`expected one root element, found ${roots.length === 0 ? 'none' : roots.join(', ')}`);
  return { root: roots[0], body: tree[roots[0]] as OmlNode };
}

function stripPrefixes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPrefixes);
  if (!isNode(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^oml:/, '').replace(/^@/, ''), stripPrefixes(v)]));
}

export function isNode(value: unknown): value is OmlNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An element that may occur once or many times, as a list. */
export function many(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a leaf (`<oml:x>text</oml:x>`, `{"#text": …}`, a JSON scalar); undefined when absent or empty. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value) && '#text' in value) return text(value['#text']);
  // The JSON API writes an absent value as an empty list.
  return undefined;
}

export function child(node: OmlNode, key: string): OmlNode | undefined {
  const value = node[key];
  return isNode(value) ? value : undefined;
}
