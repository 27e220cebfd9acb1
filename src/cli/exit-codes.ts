/** Exit codes of every command (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** The command failed (bad input, locked archive, unreachable server…). */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
  /** `reuse`: no equivalent prior run exists. */
  notFound: 3,
  /** `import`: finished, but some runs were skipped or read with issues. */
  completedWithIssues: 4,
} as const;
