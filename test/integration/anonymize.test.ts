import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { tempDir } from '../helpers/tmp.ts';

let core: Core;
let cleanup: () => void;

beforeEach(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  core = await createCore({ dataDir: t.dir, loadSeeds: false });
});
afterEach(() => {
  core.close();
  cleanup();
});

describe('an engagement exported to the library as an anonymised 好事例', () => {
  it('removes the client, people and contact details but keeps what makes it a case', async () => {
    const client = await addClient(core, {
      name: '神山町',
      population: 5_100,
      notes: '町長の携帯は内密に',
      contacts: [{ name: '山田 花子', role: '企画課長', email: 'yamada.h@town.kamiyama.lg.jp', phone: '088-676-1111' }],
    });
    const e = await addEngagement(core, { clientId: client.id, program: 'telework', startDate: '2025-06-01', title: '神山町テレワーク導入', advisors: ['伴走 太郎'] });
    await addLog(core, {
      engagementId: e.id,
      date: '2025-06-10',
      attendees: ['山田 花子', '佐藤一郎'],
      topics: '神山町役場のVPN更改と就業規則',
      decisions: '山田課長が 090-1111-2222 の業者に見積依頼。佐藤一郎さんが規程案を作成（連絡は sato@example.jp）',
      notes: '非公開のメモ: 神山の財政事情',
      nextActions: [{ task: '見積の比較', owner: '佐藤一郎' }],
    });
    await addLog(core, { engagementId: e.id, date: '2025-07-02', minutes: 90, topics: 'テレワーク規程の最終確認', decisions: '試行を8月から開始する' });

    const { draft, removed } = await core.call('cases.draftFromEngagement', { engagementId: e.id });
    const text = JSON.stringify(draft);
    for (const secret of ['神山', '山田', '花子', '佐藤', '伴走 太郎', 'yamada', 'sato@', '088-676', '090-1111', '内密', '非公開のメモ', '5,100', '5100']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(draft).toMatchObject({
      prefecture: '徳島県',
      municipality: '',
      organization: '',
      organizationType: 'local-gov',
      fiscalYear: 2025,
      size: '人口5,000〜1万',
      fields: ['テレワーク・働き方'],
    });
    expect(draft.title).toBe('徳島県のその他の市町村におけるテレワーク・ワンストップ・サポート相談の取組');
    expect(draft.body).toContain('〇〇役場のVPN更改と就業規則');
    expect(draft.body).toContain('支援回数: 2回（計2.5時間）');
    expect(draft.summary).toContain('試行を8月から開始する');
    expect(removed).toContain('担当者の氏名・メール・電話');

    // The draft is a valid case: it goes into the library as it is.
    const saved = await core.call('cases.create', draft);
    expect((await core.call('cases.get', { id: saved.id })).title).toBe(draft.title);
  });

  it('refuses an unknown engagement with a Japanese message and writes nothing', async () => {
    const r = await core.invoke('cases.draftFromEngagement', { engagementId: '00000000-0000-4000-8000-000000000000' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/見つかりません/);
  });
});
