// Markdown -> the corpus's plain layout: headings on their own lines, tables as tab-separated rows.

const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push('', inline(heading[1] ?? ''), '');
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
