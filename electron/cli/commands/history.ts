import { HistoryEntitySchema } from '../../../shared/contract/engagements.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../registry.ts';

function entityOf(raw: string) {
  const r = HistoryEntitySchema.safeParse(raw);
  if (!r.success) throw new AppError('invalid_input', `記録の種類は次のいずれかです: ${HistoryEntitySchema.options.join(', ')}（指定: ${raw}）`, { path: ['entity'] });
  return r.data;
}

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export const historyCommand: Command = {
  name: 'history',
  usage: 'history ENTITY ID [--limit N] [--json]   (ENTITY: client, engagement, logEntry, case, settings)',
  summary: '記録の変更履歴を新しい順に表示する',
  options: { limit: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run({ core, positionals, options }) {
    const limit = options.limit === undefined ? 200 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError('invalid_input', '--limit には 1〜1000 の整数を指定してください。', { path: ['limit'] });
    const r = await core.call('history.list', { entity: entityOf(positionals[0]!), id: positionals[1]!, limit });
    const text = r.items.map((i) => `${i.at}  ${i.label}: ${show(i.oldValue)} → ${show(i.newValue)}`).join('\n') || '履歴はありません。';
    return { value: r, text };
  },
};

export const undoCommand: Command = {
  name: 'undo',
  usage: 'undo ENTITY ID [--json]   (ENTITY: client, engagement, logEntry, case, settings)',
  summary: '記録の直前の操作を元に戻す（元に戻したことも履歴に残る）',
  positionals: { min: 2, max: 2 },
  async run({ core, positionals }) {
    const r = await core.call('history.undo', { entity: entityOf(positionals[0]!), id: positionals[1]! });
    return { value: r, text: `元に戻しました: ${r.fields.join(', ')}` };
  },
};
