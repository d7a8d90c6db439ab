/**
 * XML indented for a person (the journal's `pretty=true`): one element per line, text kept
 * on its element's line. Works on the text as it was sent — prefixes, namespace declarations
 * and entities untouched — and gives back what it was given if it is not well-formed enough
 * to indent (a malformed answer is shown as it came).
 */
const TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<\/[^>]+>|<[^>]+?\/>|<[^>]+>|[^<]+/g;

export function prettyXml(xml: string, indent = '  '): string {
  const lines: string[] = [];
  let depth = 0;
  let lastOpened = false; // the last line is an opening tag (with its text, if any): its close joins it
  const push = (line: string) => lines.push(indent.repeat(depth) + line);
  for (const [token] of xml.matchAll(TOKEN)) {
    const text = !token.startsWith('<') || token.startsWith('<![CDATA[');
    if (text) {
      if (token.trim() === '') continue;
      if (lastOpened) lines[lines.length - 1] += token.trim();
      else push(token.trim());
    } else if (token.startsWith('</')) {
      depth -= 1;
      if (depth < 0) return xml;
      if (lastOpened) lines[lines.length - 1] += token;
      else push(token);
      lastOpened = false;
    } else if (token.endsWith('/>') || /^<[?!]/.test(token)) {
      push(token);
      lastOpened = false;
    } else {
      push(token);
      depth += 1;
      lastOpened = true;
    }
  }
  return depth === 0 ? lines.join('\n') : xml;
}
