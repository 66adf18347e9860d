import type { ParsedDocument } from './blocks';
import { cleanInline, decodeEntities, dropInvisibleElements } from './inline-text';
import { parseMarkdown } from './parse-markdown';

/**
 * HTML to blocks: the page's main text only. Site chrome (navigation, header,
 * footer, sidebars, cookie banners, scripts) is dropped; headings, lists,
 * tables and preformatted code are rewritten as Markdown and handed to the
 * Markdown parser, so both formats chunk the same way.
 */
export function parseHtml(source: string): ParsedDocument {
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(source);
  const pageTitle = titleMatch ? cleanInline(titleMatch[1]!) : null;
  const main = dropChrome(mainRegion(dropInvisibleElements(source)));
  const parsed = parseMarkdown(toMarkdown(main));
  const firstH1 = parsed.blocks.find((block) => block.kind === 'heading' && block.level === 1);
  const title = (firstH1 && 'text' in firstH1 ? firstH1.text : null) ?? pageTitle ?? parsed.title;
  return { ...parsed, title: title || null };
}

function mainRegion(html: string): string {
  for (const tag of ['main', 'article', 'body']) {
    const match = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*)<\\/${tag}\\s*>`, 'i').exec(html);
    if (match) return match[1]!;
  }
  return html;
}

function dropChrome(html: string): string {
  return html
    .replace(/<(nav|header|footer|aside|form|dialog|button)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(div|section)\b[^>]*\b(role="(navigation|banner|contentinfo)"|(id|class)="[^"]*\bcookie)[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ');
}

function toMarkdown(html: string): string {
  const markdown = html
    .replace(/<pre\b[^>]*>([\s\S]*?)<\/pre\s*>/gi, (_m, code: string) => {
      const text = decodeEntities(code.replace(/<[^>]+>/g, ''));
      return `\n\n\`\`\`\n${text.trim()}\n\`\`\`\n\n`;
    })
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_m, level: string, text: string) => {
      const words = cleanInline(text).replace(/\s+/g, ' ');
      return `\n\n${'#'.repeat(Number(level))} ${words}\n\n`;
    })
    .replace(/<tr\b[^>]*>/gi, '\n| ')
    .replace(/<\/t[dh]\s*>/gi, ' | ')
    .replace(/<\/?(table|thead|tbody|tfoot)\b[^>]*>/gi, '\n\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/?(p|div|section|ul|ol|blockquote|dl|figure)\b[^>]*>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(td|th|tr)\b[^>]*>/gi, ' ');
  // Source indentation between rows would otherwise split one table into many.
  return markdown.replace(/^[ \t]+(?=\|)/gm, '').replace(/(\|[^\n]*)\n(?:[ \t]*\n)+(?=\|)/g, '$1\n');
}
