import { readCapped } from '../domain/knowledge/crawl/fetch-page';
/**
 * Reads a request body, stopping as soon as it passes `maxBytes`: a body
 * without Content-Length (chunked) is never buffered whole before it is
 * refused. Null when it is too large.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  return readCapped(request, maxBytes);
}
