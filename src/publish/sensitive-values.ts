/**
 * Detectors for values that must not be published: secrets (by key name and by value pattern), user
 * names, host names, absolute local paths and e-mail addresses. Pure functions over one key and one
 * value; redact.ts applies them to a graph and to the rules that allow exceptions.
 */

export const CATEGORIES = ['secret', 'user-name', 'host-name', 'local-path', 'email', 'custom'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Detection {
  category: Category;
  /** Which detector fired, e.g. `key:password`, `aws-access-key`; never the value itself. */
  reason: string;
}

/** Value patterns; each is a shape that an honest hyperparameter or metric value never has. */
const VALUE_PATTERNS: { reason: string; category: Category; pattern: RegExp }[] = [
  { reason: 'private-key', category: 'secret', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/ },
  { reason: 'aws-access-key', category: 'secret', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/ },
  { reason: 'github-token', category: 'secret', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { reason: 'gitlab-token', category: 'secret', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { reason: 'slack-token', category: 'secret', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { reason: 'api-key', category: 'secret', pattern: /\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,}|AIza[0-9A-Za-z_-]{35})/ },
  { reason: 'jwt', category: 'secret', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/ },
  { reason: 'bearer-token', category: 'secret', pattern: /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/i },
  { reason: 'connection-string-password', category: 'secret', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s/@]+@/i },
  { reason: 'password-assignment', category: 'secret', pattern: /\b(?:password|passwd|pwd)\s*[=:]\s*[^\s;,&]+/i },
  { reason: 'url-user', category: 'user-name', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+@/i },
  { reason: 'email-address', category: 'email', pattern: /\b(?!git@)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/ },
  // file:///x, and Guild's "guildfile:/x" oprefs.
  { reason: 'file-url', category: 'local-path', pattern: /file:\/+/i },
  // Home folders name their user wherever they appear, even after a scheme-like prefix ("dbfs:/Users/x").
  { reason: 'home-path', category: 'local-path', pattern: /(?:^|[^A-Za-z0-9])\/(?:home|Users|root)\/[^\s/]+/ },
  // A path that starts at a root ("/x/y", "~/x"), not a URL path or "runs:/…" (a ':' precedes those).
  { reason: 'absolute-path', category: 'local-path', pattern: /(?:^|[\s"'=(,[])(?:~\/|\/(?!\/)[^\s/]+\/)/ },
  { reason: 'windows-path', category: 'local-path', pattern: /(?:^|[^A-Za-z0-9])(?:[A-Za-z]:\\|\\\\[^\s\\]+\\)/ },
  { reason: 'internal-host', category: 'host-name', pattern: /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:local|internal|lan|corp|intranet|localdomain|home\.arpa)\b/i },
  // A URL whose host has no dot is on a private network (localhost names no one).
  { reason: 'private-url-host', category: 'host-name', pattern: /\b(?:https?|wss?|grpc|tcp|postgres(?:ql)?|mysql|mongodb|redis|amqp):\/\/(?:[^\s/@]*@)?(?!localhost\b)[a-z0-9-]+(?::\d+)?(?:[/?#]|$)/i },
  { reason: 'ec2-host', category: 'host-name', pattern: /\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\b/ },
  { reason: 'ip-address', category: 'host-name', pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.])/ },
];

/** Key segments that name a secret, a user or a host. Segments come from snake, kebab, dotted and camel case. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'authorization', 'auth', 'cookie', 'dsn', 'privatekey']);
const SECRET_PAIRS = ['api key', 'access key', 'private key', 'secret key', 'client secret', 'connection string', 'conn str', 'session id'];
/** Segments that make "token" a count or length (max_tokens is a hyperparameter, not a secret). */
const TOKEN_COUNT_WORDS = new Set(['max', 'min', 'num', 'n', 'count', 'length', 'len', 'limit', 'per', 'size']);
const USER_WORDS = new Set(['user', 'username', 'login', 'owner', 'author', 'uid', 'email', 'mail', 'committer', 'entity', 'uploader']);
const HOST_WORDS = new Set(['host', 'hostname', 'hostnames', 'nodename', 'machine', 'ip']);

export function keySegments(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s.toLowerCase());
}

/** What a key name says its value is, if sensitive. */
export function detectKey(key: string): Detection | undefined {
  const segments = keySegments(key);
  const joined = ` ${segments.join(' ')} `;
  for (const pair of SECRET_PAIRS) if (joined.includes(` ${pair} `)) return { category: 'secret', reason: `key:${pair.replace(' ', '_')}` };
  for (const s of segments) {
    if (!SECRET_WORDS.has(s)) continue;
    if (s === 'token' && segments.some((t) => TOKEN_COUNT_WORDS.has(t))) continue;
    return { category: 'secret', reason: `key:${s}` };
  }
  const last = segments[segments.length - 1];
  if (last !== undefined && USER_WORDS.has(last)) return { category: last === 'email' || last === 'mail' ? 'email' : 'user-name', reason: `key:${last}` };
  if (last !== undefined && HOST_WORDS.has(last)) return { category: 'host-name', reason: `key:${last}` };
  return undefined;
}

/** Every pattern the value matches (a value can be both a path and an e-mail address). */
export function detectValue(value: string, options: { versionLike?: boolean } = {}): Detection[] {
  const found: Detection[] = [];
  for (const { reason, category, pattern } of VALUE_PATTERNS) {
    // Four-part version numbers look like IPv4 addresses.
    if (reason === 'ip-address' && options.versionLike) continue;
    if (pattern.test(value)) found.push({ category, reason });
  }
  return found;
}

/**
 * Detections inside a JSON value (configs logged as dicts): nested keys by name, strings by pattern.
 * Paths are dotted, e.g. `db.password`.
 */
export function detectJson(value: unknown, at = ''): { path: string; detection: Detection }[] {
  const found: { path: string; detection: Detection }[] = [];
  const walk = (v: unknown, p: string, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') for (const d of detectValue(v)) found.push({ path: p, detection: d });
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${p}[${i}]`, depth + 1));
    else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const path = p ? `${p}.${k}` : k;
        const byKey = detectKey(k);
        if (byKey && item !== null && item !== '') found.push({ path, detection: byKey });
        else walk(item, path, depth + 1);
      }
    }
  };
  walk(value, at, 0);
  return found;
}
