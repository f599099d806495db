import mammoth from 'mammoth';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../electron/core/docs/docx.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { cleanText, type DocModel } from '../../shared/domain/document.ts';
import type { Question } from '../../shared/domain/template.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { answerFor } from '../helpers/plan-answers.ts';
import { tempDir } from '../helpers/tmp.ts';
import { parseDocxParts, type ParsedXml } from '../helpers/xml.ts';

/**
 * Every DOCX the app writes (a plan of each built-in template, the same plans from user-edited
 * templates whose every label is hostile, and the 支援実施報告書), with hostile text in every field
 * that reaches an XML part: replacement patterns of String.replace (`` $` `` `$'` `$&` `$1` `$$`
 * `$<n>`), markup (`<`, `&`, `]]>`, quotes, `<!--`, CDATA), characters XML 1.0 forbids (NUL, C0
 * controls, U+FFFE/U+FFFF, lone surrogates) and very long strings. Every part of every package is
 * parsed by a conforming XML parser (test/helpers/xml.ts), and the text comes back as written,
 * less the forbidden characters.
 */

/** 71 UTF-16 units: with a short tag it fits the 100-character limits of names and labels. */
const NASTY = "$` $' $& $1 $$ $<n> <a> & &amp; ]]> \" ' \u0000\u0001\u0008\u000B\u000C\u001B\u001F\uFFFE\uFFFF\uD800 x\uDC00 <!-- <![CDATA[ 😀";
/** A field's hostile value, tagged so that it can be found in the document again. */
const hostile = (tag: string) => `«${tag}»${NASTY}«/${tag}»`;
/** What a document must show for a value: the text less the characters XML cannot hold. */
const clean = (s: string) => cleanText(s);
/**
 * The forms a value that went through the database may take: a column stores text as UTF-8, so a
 * lone surrogate may come back as U+FFFD (a character XML allows) before the writer sees it;
 * settings kept as JSON keep it, and the writer removes it.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const forms = (s: string) => [clean(s), clean(s.replace(LONE_SURROGATE, '\uFFFD'))];
function expectIn(text: string, s: string): void {
  expect(forms(s).some((f) => text.includes(f)), `${s.slice(0, 24)}… in the document`).toBe(true);
}
function expectIs(actual: string | undefined, s: string, what: string): void {
  expect(forms(s), what).toContain(actual);
}

let core: Core;
let cleanup: () => void;
let caseId: string;
const ADVISOR = hostile('advisor');
const ORG = hostile('org');
const CASE_TITLE = hostile('case');

beforeAll(async () => {
  const t = tempDir('banso-docx-hostile-');
  core = await createCore({ dataDir: path.join(t.dir, 'data'), loadSeeds: false });
  cleanup = () => {
    core.close();
    t.cleanup();
  };
  expect(NASTY.length).toBe(71);
  await core.call('settings.update', { advisorName: ADVISOR, organization: ORG });
  const c = await core.call('cases.create', {
    title: CASE_TITLE,
    summary: hostile('summary'),
    prefecture: '徳島県',
    municipality: hostile('muni'),
    organization: hostile('corg'),
    fiscalYear: 2020,
    outcomes: [{ label: hostile('outcome'), value: '16', unit: hostile('unit').slice(0, 20) }],
    sources: [{ document: hostile('doc'), section: hostile('sec') }],
  });
  caseId = c.id;
});
afterAll(() => cleanup?.());

/** Markdown with the hostile text in paragraphs, bold, list items and table cells, and a long run. */
function markdown(tag: string, long = 0): string {
  return [
    hostile(`${tag}-p`),
    `**${hostile(`${tag}-b`)}**`,
    '',
    `- ${hostile(`${tag}-li`)}`,
    `1. ${hostile(`${tag}-ol`)}`,
    '',
    `| ${hostile(`${tag}-th`)} | 列 |`,
    '| --- | --- |',
    `| ${hostile(`${tag}-td`)} | $' |`,
    '',
    long > 0 ? NASTY.repeat(Math.ceil(long / NASTY.length)).slice(0, long) : '',
  ].join('\n');
}

/** An answer for every question type; every text that can be typed is hostile. */
function fill(q: Question, n: number, firstLong: boolean): unknown {
  return answerFor(q, {
    short: (sq) => hostile(`short${n}`).slice(0, sq.maxLength),
    long: () => markdown(`long${n}`, firstLong ? 90_000 : 0),
    cell: (_c, r) => hostile(`cell${n}-${r}`),
    rows: 2,
    caseId,
  });
}

const LABEL_KEYS = new Set(['name', 'title', 'chapter', 'label', 'description', 'placeholder', 'guidance']);

/** A copy of a template with the hostile text appended to every label a document can show. */
function hostileTemplate(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return LABEL_KEYS.has(key) && value !== '' ? `${value}${NASTY}` : value;
  if (Array.isArray(value)) {
    if (key === 'options') return value.map((o: unknown) => (typeof o === 'string' ? { value: o, label: `${o}${NASTY}` } : hostileTemplate(o)));
    if (key === 'goals') return value.map((g: unknown) => `${String(g)}${NASTY}`);
    return value.map((v) => hostileTemplate(v));
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostileTemplate(v, k)]));
  return value;
}

const PROGRAMS = ['plan-a', 'plan-b', 'telework', 'system-building'] as const;

/** An engagement of the program with a plan from `templateId`, every question answered. */
async function hostilePlan(program: (typeof PROGRAMS)[number], templateId: string, tag: string): Promise<{ id: string; client: string; texts: string[] }> {
  const client = hostile(`client-${tag}`);
  const cl = await addClient(core, { name: client, kind: program === 'system-building' ? 'prefecture' : 'municipality', prefecture: '徳島県' });
  const e = await addEngagement(core, { clientId: cl.id, program, startDate: '2025-06-02', title: hostile(`eng-${tag}`), advisors: [hostile(`adv-${tag}`)] });
  const p = await core.call('plan.create', { engagementId: e.id, templateId, startDate: '2025-06-02' });
  await core.call('engagements.attachCase', { id: e.id, caseId });
  const texts: string[] = [client];
  let n = 0;
  let long = false;
  for (const ph of p.template.phases)
    for (const s of ph.sections)
      for (const q of s.questions) {
        const v = fill(q, n++, q.type === 'long-text' && !long);
        if (q.type === 'long-text') long = true;
        if (v === undefined) continue;
        await core.call('plan.answer', { engagementId: e.id, questionId: q.id, value: v });
        if (q.type === 'short-text') texts.push(v as string);
        if (q.type === 'long-text') texts.push(...['p', 'b', 'li', 'ol', 'th', 'td'].map((k) => hostile(`long${n - 1}-${k}`)));
        if (q.type === 'table' && q.columns.some((c) => c.type === 'text')) texts.push(hostile(`cell${n - 1}-1`));
      }
  return { id: e.id, client, texts };
}

async function exportParts(input: { engagementId: string; doc?: 'plan' | 'report'; era?: 'wareki' | 'seireki'; unanswered?: 'omit' | 'mark' }) {
  const r = await core.call('docs.export', input);
  const docx = Buffer.from(r.contentBase64, 'base64');
  return { docx, parts: parseDocxParts(docx), fileName: r.fileName };
}

const one = (parts: Map<string, ParsedXml>, part: string, qname: string) => {
  const list = parts.get(part)!.textOf(qname);
  expect(list, `${part} ${qname}`).toHaveLength(1);
  return list[0];
};

/** Core properties and the page header hold exactly the (cleaned) values, with no `$` expansion. */
function checkCoreAndHeader(parts: Map<string, ParsedXml>, want: { creator: string; title: string; description: string; header: string }): void {
  expectIs(one(parts, 'docProps/core.xml', 'dc:creator'), want.creator, 'dc:creator');
  expectIs(one(parts, 'docProps/core.xml', 'cp:lastModifiedBy'), want.creator, 'cp:lastModifiedBy');
  expectIs(one(parts, 'docProps/core.xml', 'dc:title'), want.title, 'dc:title');
  expectIs(one(parts, 'docProps/core.xml', 'dc:description'), want.description, 'dc:description');
  expect(one(parts, 'docProps/core.xml', 'dcterms:created')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const headers = [...parts].filter(([n]) => /^word\/header\d+\.xml$/.test(n)).map(([, p]) => p.allText);
  expect(headers.some((h) => forms(want.header).includes(h)), 'page header').toBe(true);
}

async function bodyText(docx: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: docx })).value;
}

const TITLES = { 'plan-a': '地域DX推進計画', 'plan-b': 'ソリューション実装計画書', telework: 'テレワーク導入 提案書', 'system-building': 'DX推進体制構築 取組方針' } as const;

describe('DOCX with hostile text in every field', () => {
  for (const program of PROGRAMS) {
    it(`${program}: the built-in template and a hostile copy of it give well-formed parts that keep the text`, { timeout: 120_000 }, async () => {
      const copy = await core.call('templates.duplicate', { id: program, newId: `hostile-${program}`, name: `${program}${NASTY}` });
      const saved = await core.call('templates.save', { template: hostileTemplate(copy) });
      for (const [templateId, tag] of [
        [program, `${PROGRAMS.indexOf(program)}b`],
        [saved.id, `${PROGRAMS.indexOf(program)}c`],
      ] as const) {
        const plan = await hostilePlan(program, templateId, tag);
        for (const opts of [
          { era: 'wareki', unanswered: 'mark' },
          { era: 'seireki', unanswered: 'omit' },
        ] as const) {
          const { docx, parts, fileName } = await exportParts({ engagementId: plan.id, ...opts });
          expect(fileName).not.toMatch(/[\u0000-\u001F\\/:*?"<>|]/);
          // The plan is the municipality's: its name as author, the (hostile) title of the copy's outline.
          const title = `${plan.client} ${TITLES[program]}${templateId === program ? '' : NASTY}（素案）`;
          checkCoreAndHeader(parts, { creator: plan.client, title, description: title, header: title });
          const text = await bodyText(docx);
          for (const s of [...plan.texts, hostile(`adv-${tag}`), CASE_TITLE, hostile('summary'), hostile('outcome'), hostile('doc'), hostile('sec')]) {
            expectIn(text, s);
          }
          if (templateId !== program) {
            // Every label of the user's template: section titles, question labels, column headers, options.
            const labels = saved.phases.flatMap((ph) => ph.sections.flatMap((s) => s.questions.map((q) => q.label)));
            expect(labels.length).toBeGreaterThan(3);
            for (const l of labels.filter((x) => x.endsWith(NASTY))) expectIn(text, l);
          }
          expectIn(text, NASTY.repeat(100)); // from the 90,000-character answer
        }
      }
    });
  }

  it('支援実施報告書: engagement, advisors, log entries and next actions with hostile text', { timeout: 60_000 }, async () => {
    const client = hostile('report-client');
    const cl = await addClient(core, { name: client, kind: 'municipality', prefecture: '岐阜県' });
    const e = await addEngagement(core, { clientId: cl.id, program: 'advisor', startDate: '2025-04-01', title: hostile('report-eng'), advisors: [hostile('report-adv')] });
    const entry = {
      place: hostile('place'),
      attendees: [hostile('att1'), hostile('att2')],
      topics: markdown('topics'),
      decisions: markdown('decisions', 19_000),
      nextActions: [{ task: hostile('task'), owner: hostile('owner'), due: '2025-05-20' }],
    };
    await addLog(core, { engagementId: e.id, date: '2025-05-01', minutes: 90, ...entry });
    await addLog(core, { engagementId: e.id, date: '2025-06-10', mode: 'online', minutes: 45, topics: NASTY, decisions: '' });
    await core.call('engagements.attachCase', { id: e.id, caseId });
    for (const era of ['wareki', 'seireki'] as const) {
      const { docx, parts } = await exportParts({ engagementId: e.id, doc: 'report', era });
      checkCoreAndHeader(parts, { creator: ADVISOR, title: '支援実施報告書', description: `${client} 支援実施報告書`, header: `${client}　支援実施報告書` });
      const text = await bodyText(docx);
      for (const s of [client, hostile('report-eng'), hostile('report-adv'), entry.place, ...entry.attendees, hostile('task'), hostile('owner'), ADVISOR, ORG]) {
        expectIn(text, s);
      }
      for (const k of ['p', 'b', 'li', 'ol', 'th', 'td']) {
        expectIn(text, hostile(`topics-${k}`));
        expectIn(text, hostile(`decisions-${k}`));
      }
    }
  });

  it('the writer itself cleans every string of a model, whoever built it', async () => {
    // renderDocx does not rely on the model builder's cleaning: a model with forbidden characters
    // and replacement patterns in every string still gives well-formed parts with the text kept.
    const s = (tag: string) => hostile(tag);
    const model: DocModel = {
      kind: 'plan',
      title: s('title'),
      header: s('header'),
      cover: { title: s('cover'), subtitle: s('sub'), client: s('cl'), date: s('date'), author: s('author'), organization: s('org') },
      meta: { creator: s('creator'), description: s('desc'), created: '2025-06-02T00:00:00Z', modified: '2025-06-03T00:00:00Z' },
      blocks: [
        { type: 'toc', title: s('toc') },
        { type: 'heading', level: 1, number: s('num'), text: s('h1') },
        { type: 'paragraph', runs: [{ text: s('run') }, { text: s('bold'), bold: true }], tone: 'title' },
        { type: 'list', ordered: true, items: [[{ text: s('item') }]] },
        { type: 'table', header: [s('th')], rows: [[s('td')]], totals: [s('total')], align: ['right'] },
      ],
    };
    const docx = await renderDocx(model);
    const parts = parseDocxParts(docx);
    expect(one(parts, 'docProps/core.xml', 'dc:creator')).toBe(clean(s('creator')));
    expect(one(parts, 'docProps/core.xml', 'cp:lastModifiedBy')).toBe(clean(s('creator')));
    expect(one(parts, 'docProps/core.xml', 'dc:title')).toBe(clean(s('title')));
    expect(one(parts, 'docProps/core.xml', 'dc:description')).toBe(clean(s('desc')));
    expect(one(parts, 'docProps/core.xml', 'dcterms:created')).toBe('2025-06-02T00:00:00Z');
    expect(one(parts, 'docProps/core.xml', 'dcterms:modified')).toBe('2025-06-03T00:00:00Z');
    expect([...parts].filter(([n]) => /^word\/header\d+\.xml$/.test(n)).map(([, p]) => p.allText)).toContain(clean(s('header')));
    const text = await bodyText(docx);
    for (const tag of ['toc', 'h1', 'run', 'bold', 'item', 'th', 'td', 'total']) expect(text).toContain(clean(s(tag)));
  });
});
