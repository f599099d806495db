import { AppError } from '../../../shared/errors.ts';
import { SEARCH_KIND_CODES, type SearchKind } from '../../../shared/contract/search.ts';
import { partsToMarked } from '../../../shared/search/highlight.ts';
import type { Command } from '../registry.ts';

export const searchCommand: Command = {
  name: 'search',
  usage: `search QUERY [--kind ${SEARCH_KIND_CODES.join('|')}] [--limit N] [--json]`,
  summary: '支援先・案件・支援記録・計画の回答・好事例・テンプレートをまとめて検索する（--limit は種類ごとの件数）',
  options: { kind: { type: 'string' }, limit: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, options, positionals }) {
    const limit = options.limit === undefined ? 10 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AppError('invalid_input', '--limit には 1〜100 の整数を指定してください。', { path: ['limit'] });
    const kind = options.kind as string | undefined;
    if (kind !== undefined && !(SEARCH_KIND_CODES as readonly string[]).includes(kind)) {
      throw new AppError('invalid_input', `--kind には ${SEARCH_KIND_CODES.join(' / ')} のいずれかを指定してください。`, { path: ['kind'] });
    }
    const r = await core.call('search.global', { query: positionals[0]!, kind: kind as SearchKind | undefined, limit });
    const results = r.groups.flatMap((g) =>
      g.items.map((h) => ({
        kind: h.kind,
        id: h.id,
        title: h.title,
        snippet: partsToMarked(h.snippetParts),
        ...(h.engagementId ? { engagementId: h.engagementId } : {}),
      })),
    );
    const text =
      r.groups.length === 0
        ? `見つかりませんでした（${r.tookMs.toFixed(1)} ms）`
        : [
            `${results.length}件（${r.tookMs.toFixed(1)} ms）`,
            ...r.groups.flatMap((g) => [
              `■ ${g.label}${g.more ? '（ほかにもあります）' : ''}`,
              ...g.items.map((h) => `- ${partsToMarked(h.titleParts)}（${h.context}）\n  ${partsToMarked(h.snippetParts)}\n  id: ${h.id}`),
            ]),
          ].join('\n');
    return { value: { results }, text };
  },
};
