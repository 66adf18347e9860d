// Markdown's named character references (`&eacute;`) decoded with the HTML
// entity table the Worker already carries for htmlparser2 (`entities`),
// instead of a second, 35 KB table (`character-entities`, which
// `decode-named-character-reference` imports). Aliased in wrangler.toml for
// the Worker bundle only; Node uses the original. Same contract: the
// decoded text, or false for an unknown name.
import { decodeHTMLStrict } from 'entities/decode';

export function decodeNamedCharacterReference(value) {
  const reference = `&${value};`;
  const decoded = decodeHTMLStrict(reference);
  return decoded === reference ? false : decoded;
}
