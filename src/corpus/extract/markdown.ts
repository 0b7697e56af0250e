// Markdown -> the corpus's plain layout: `#` headings kept (the cutter reads their level), tables as tab-separated rows.

const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/**
 * The one `#` heading that opens a page is its title (the title hint), not a section: kept as a plain line,
 * so the page's sections do not all sit under it in their heading paths.
 */
function titleLine(lines: readonly string[]): number {
  const first = lines.findIndex((l) => l.trim() !== '');
  const levelOne = lines.filter((l) => HEADING.exec(l)?.[1] === '#').length;
  return levelOne === 1 && HEADING.exec(lines[first] ?? '')?.[1] === '#' ? first : -1;
}

export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  const lines = markdown.split('\n');
  const title = titleLine(lines);
  for (const [i, line] of lines.entries()) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    const heading = HEADING.exec(line);
    const text = heading ? inline(heading[2] ?? '').trim() : '';
    if (heading && text !== '') {
      out.push('', i === title ? text : `${heading[1]} ${text}`, '');
      continue;
    }
    if (TABLE_SEPARATOR.test(line) && line.includes('-')) continue;
    if (/^\s*\|.*\|\s*$/.test(line)) {
      out.push(tableRow(line));
      continue;
    }
    if (/^\s*([-*_]\s*){3,}$/.test(line)) {
      out.push('');
      continue;
    }
    const listItem = /^(\s*)[*+-]\s+(.*)$/.exec(line);
    if (listItem) {
      out.push(`- ${inline(listItem[2] ?? '')}`);
      continue;
    }
    out.push(inline(line.replace(/^\s*>\s?/, '')));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function tableRow(line: string): string {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => inline(cell.trim()))
    .join('\t');
}

function inline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ');
}
