import { List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A small, safe subset of Markdown for case bodies: paragraphs, `- ` lists,
 * `#` headings and **bold**. Everything becomes React elements; no HTML from
 * the text is ever interpreted.
 */

type Block =
  | { kind: 'p'; lines: string[] }
  | { kind: 'ul'; items: string[] }
  | { kind: 'ol'; items: string[] }
  | { kind: 'h'; level: number; text: string };

const BULLET = /^\s*[-*・]\s+/;
const NUMBERED = /^\s*\d+[.)．]\s+/;
const HEADING = /^(#{1,6})\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const flush = () => {
    if (current) blocks.push(current);
    current = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line.trim());
    if (heading) {
      flush();
      blocks.push({ kind: 'h', level: heading[1]!.length, text: heading[2]! });
      continue;
    }
    if (BULLET.test(line)) {
      if (current?.kind !== 'ul') flush();
      current ??= { kind: 'ul', items: [] };
      if (current.kind === 'ul') current.items.push(line.replace(BULLET, ''));
      continue;
    }
    if (NUMBERED.test(line)) {
      if (current?.kind !== 'ol') flush();
      current ??= { kind: 'ol', items: [] };
      if (current.kind === 'ol') current.items.push(line.replace(NUMBERED, ''));
      continue;
    }
    // A continuation of a list item, or a line of a paragraph.
    if (current && (current.kind === 'ul' || current.kind === 'ol') && /^\s+/.test(raw)) {
      const last = current.items.length - 1;
      current.items[last] = `${current.items[last] ?? ''} ${line.trim()}`;
      continue;
    }
    if (current?.kind !== 'p') flush();
    current ??= { kind: 'p', lines: [] };
    if (current.kind === 'p') current.lines.push(line);
  }
  flush();
  return blocks;
}

/** **bold** inside a line. An unmatched ** stays as typed. */
export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /\*\*(.+?)\*\*/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(<strong key={m.index}>{m[1]}</strong>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ source }: { source: string }) {
  const blocks = parseBlocks(source);
  return (
    <div className="banso-case-markdown">
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'h':
            return (
              <Title key={i} order={b.level <= 2 ? 4 : 5} size="h4" mt={i === 0 ? 0 : 'xs'} mb={4}>
                {inline(b.text)}
              </Title>
            );
          case 'ul':
          case 'ol':
            return (
              <List key={i} type={b.kind === 'ol' ? 'ordered' : 'unordered'} size="sm" spacing={2} mb="xs" withPadding>
                {b.items.map((item, j) => (
                  <List.Item key={j}>{inline(item)}</List.Item>
                ))}
              </List>
            );
          default:
            return (
              <Text key={i} mb="xs">
                {b.lines.map((line, j) => (
                  <span key={j}>
                    {j > 0 ? <br /> : null}
                    {inline(line)}
                  </span>
                ))}
              </Text>
            );
        }
      })}
    </div>
  );
}
