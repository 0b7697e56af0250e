// Blocks -> an outline of nested sections, by heading style, numbering and the usual order of official documents.
import type { Block, BodyBlock } from './blocks.ts';
import { continues, type HeadingMarker, type HeadingStyle, STYLE_RANK } from './headings.ts';

export interface Section {
  /** The heading line as printed (cleaned), or null for the document start. */
  heading: string | null;
  /** The heading without its marker, used to caption tables. */
  title: string;
  style: HeadingStyle | null;
  ordinal: number[] | null;
  blocks: BodyBlock[];
  children: Section[];
}

function innermost(stack: Section[], test: (s: Section) => boolean): number {
  for (let k = stack.length - 1; k >= 1; k--) if (test(stack[k] as Section)) return k;
  return -1;
}

function isEmpty(section: Section | undefined): boolean {
  return section !== undefined && section.blocks.length === 0 && section.children.length === 0;
}

/**
 * Labels (現状と課題, 主な施策) have no numbering, so their level comes from context: the first
 * content of an empty numbered heading, else a sibling of the previous label when nothing with
 * content lies between, else the level where labels first appeared under a heading.
 */
function labelParent(
  stack: Section[],
  labelHome: { style: HeadingStyle | null; depth: number } | null,
): number {
  const top = stack.length - 1;
  const last = stack[top];
  const owner = stack[top - 1];
  if (last && last.style !== 'label' && last.heading !== null && isEmpty(last)) {
    // A run of empty numbered headings is a diagram list (施策の体系: 1-1, 1-2), not a parent.
    const previous = owner?.children.at(-2);
    if (!(previous && previous.style === last.style && isEmpty(previous))) return top;
  }
  const label = innermost(stack, (s) => s.style === 'label');
  if (label >= 1 && stack.slice(label + 1).every((s) => s.blocks.length === 0)) return label - 1;
  if (labelHome) {
    const home = stack[labelHome.depth];
    if (home && home.style === labelHome.style) return labelHome.depth;
  }
  return top;
}

/** Where a new heading attaches: the index of its parent in the open-heading stack. */
function parentIndex(
  stack: Section[],
  marker: HeadingMarker,
  labelHome: { style: HeadingStyle | null; depth: number } | null,
): number {
  const top = stack.length - 1;
  const rank = STYLE_RANK[marker.style];
  if (rank !== undefined) {
    const outer = innermost(stack, (s) => s.style !== null && (STYLE_RANK[s.style] ?? Infinity) < rank);
    return Math.max(outer, 0);
  }
  if (marker.style === 'markdown') {
    // `###` nests under the nearest `##` or `#`; a Markdown heading outranks every guessed one.
    const level = marker.ordinal?.[0] ?? 1;
    return Math.max(
      innermost(stack, (s) => s.style === 'markdown' && (s.ordinal?.[0] ?? 1) < level),
      0,
    );
  }
  if (marker.style === 'label') return labelParent(stack, labelHome);
  const same = innermost(stack, (s) => s.style === marker.style);
  if (same >= 1 && continues(stack[same]?.ordinal ?? null, marker.ordinal)) return same - 1;
  if (marker.style === 'hyphen-number') {
    // 2-1 belongs under 2.
    const owner = innermost(stack, (s) => s.style === 'number' && s.ordinal?.[0] === marker.ordinal?.[0]);
    if (owner >= 1) return owner;
  }
  // A list restarting at 1 under a different heading nests; a heading never nests in its own style.
  if (same < 1 || (marker.ordinal?.[0] === 1 && same !== top)) return conventionalParent(stack, marker.style);
  return same - 1;
}

/**
 * The usual order of Japanese official documents (公用文): 1 > (1) > ア > (ア). Without a sibling to
 * follow, a heading does not nest under one that is conventionally at its own level or deeper.
 */
const CONVENTIONAL_DEPTH: Partial<Record<HeadingStyle, number>> = {
  number: 1,
  'paren-number': 2,
  katakana: 3,
  'paren-katakana': 4,
};

function conventionalParent(stack: Section[], style: HeadingStyle): number {
  const depth = CONVENTIONAL_DEPTH[style];
  let k = stack.length - 1;
  if (depth === undefined) return k;
  while (k >= 1 && (CONVENTIONAL_DEPTH[(stack[k] as Section).style ?? 'label'] ?? -1) >= depth) k--;
  return k;
}

/** Builds the heading outline; body blocks belong to the innermost open heading. */
export function buildOutline(blocks: readonly Block[]): Section {
  const root: Section = { heading: null, title: '', style: null, ordinal: null, blocks: [], children: [] };
  const stack: Section[] = [root];
  let labelHome: { style: HeadingStyle | null; depth: number } | null = null;
  for (const block of blocks) {
    if (block.type !== 'heading') {
      stack[stack.length - 1]?.blocks.push(block);
      continue;
    }
    const parent = parentIndex(stack, block.marker, labelHome);
    stack.length = parent + 1;
    const owner = stack[parent] as Section;
    // Labels under the document root (a page title) say nothing about where later labels go.
    if (block.marker.style === 'label' && labelHome === null && parent > 0) {
      labelHome = { style: owner.style, depth: parent };
    }
    const section: Section = {
      heading: block.text,
      title: block.marker.title,
      style: block.marker.style,
      ordinal: block.marker.ordinal,
      blocks: [],
      children: [],
    };
    owner.children.push(section);
    stack.push(section);
  }
  return root;
}
