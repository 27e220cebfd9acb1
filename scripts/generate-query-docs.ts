/** Writes docs/queries.md from the query headers: `npm run docs:queries`. */
import * as fs from 'node:fs';
import { packagePath } from '../src/package-root.js';
import { loadCatalogue } from '../src/query/named-query.js';
import { renderQueryDocs } from '../src/query/query-docs.js';

const target = packagePath('docs', 'queries.md');
fs.writeFileSync(target, renderQueryDocs([...loadCatalogue().values()]));
process.stdout.write(`wrote ${target}\n`);
