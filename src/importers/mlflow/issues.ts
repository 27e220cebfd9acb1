/**
 * One way to build the issues of the MLflow readers, so every issue names its file, run and field.
 */
import type { Issue } from '../../errors.js';
import type { ImportItem } from '../importer.js';

export interface IssueAt {
  file?: string;
  run?: string;
  path?: (string | number)[];
  line?: number;
  severity?: Issue['severity'];
}

export function issue(code: string, message: string, at: IssueAt = {}): Issue {
  return {
    code,
    message,
    path: at.path ?? [],
    ...(at.file === undefined ? {} : { file: at.file }),
    ...(at.line === undefined ? {} : { line: at.line }),
    ...(at.run === undefined ? {} : { run: at.run }),
    severity: at.severity ?? 'error',
  };
}

export const issueItem = (i: Issue): ImportItem => ({ kind: 'issue', issue: i });
