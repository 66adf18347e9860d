/**
 * One JSON line per event, which Workers Logs indexes by field. Callers pass
 * only ids, counts and error names: never message text, document content or
 * secrets, which is why there is no "message" argument.
 */
export function log(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ event, ...fields }));
}
