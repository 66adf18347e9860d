/** A metrics setting (READINESS_BARS, MODEL_PRICES) is unusable; the message names the variable and the field. */
export class MetricsConfigError extends Error {
  override name = 'MetricsConfigError';
}

/** Turns a zod issue path and message into "VARIABLE: field.path: message". */
export function configMessage(variable: string, path: readonly PropertyKey[], message: string): string {
  const field = path.map(String).join('.');
  return `${variable}: ${field ? `${field}: ` : ''}${message}`;
}
