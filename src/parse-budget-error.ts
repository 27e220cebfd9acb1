/** Thrown instead of parsing a text that would take far more memory than its size (json-budget, yaml-budget). */
export class ParseBudgetError extends RangeError {
  constructor(
    readonly code: 'json_too_complex' | 'yaml_too_complex',
    message: string,
  ) {
    super(message);
    this.name = 'ParseBudgetError';
  }
}

/** Whether `e` is a budget refusal (of that code, when one is given). */
export function isParseBudgetError(e: unknown, code?: ParseBudgetError['code']): e is ParseBudgetError {
  return e instanceof ParseBudgetError && (code === undefined || e.code === code);
}
