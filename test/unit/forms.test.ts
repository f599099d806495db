// The renderer's ambient types (window.banso, stylesheet imports), which the test project does not include.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../renderer/src/global.d.ts" />
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CaseInputSchema } from '../../shared/domain/case.ts';
import { ClientCreateSchema } from '../../shared/domain/client.ts';
import { ApiError } from '../../renderer/src/api/client.ts';
import { fieldErrors, jaError, schemaCheck } from '../../renderer/src/lib/form.ts';
import { compactDraft, emptyDraft, inputOf, isDraftErrorKey, rowKey } from '../../renderer/src/features/cases/draft.ts';

/**
 * Forms with a Save button are checked by the shared schemas themselves (renderer/src/lib/form.ts
 * over @mantine/form's schema resolver): the same rules and Japanese messages as the core, at the
 * paths of the fields shown. zod's defaults are Japanese in the renderer (main.tsx does this).
 */
z.config({ customError: jaError });

const checkCase = schemaCheck(CaseInputSchema, inputOf);

describe('forms driven by the shared schemas', () => {
  it('the case form gets the schema’s messages at the fields’ paths (rows after empty rows are dropped)', () => {
    const d = {
      ...emptyDraft(),
      title: '   ',
      outcomes: [
        { key: rowKey(), label: '', value: '', unit: '' },
        { key: rowKey(), label: '進出企業', value: '', unit: '社' },
      ],
      sources: [{ key: rowKey(), document: '', section: '第2章' }],
    };
    const errors = checkCase(compactDraft(d));
    expect(errors).toEqual({ title: '題名は必須です。', 'outcomes.0.value': '成果の値が空です。', 'sources.0.document': '出典の資料名が空です。' });
    expect(checkCase({ ...emptyDraft(), title: '神山町' })).toEqual({});
  });

  it('a rule without its own message speaks Japanese too (a year out of range, a too long name)', () => {
    expect(checkCase({ ...emptyDraft(), title: 'x', fiscalYear: 1800 })).toEqual({ fiscalYear: '年度は1926年度以降にしてください。' });
    const client = schemaCheck(ClientCreateSchema, (v: { name: string; kind: string | null; prefecture: string | null }) => ({ ...v, kind: v.kind ?? undefined, prefecture: v.prefecture ?? undefined }));
    const e = client({ name: '', kind: null, prefecture: null });
    expect(e.name).toBe('名称は必須です。');
    expect(e.kind).toBe('選んでください。');
    expect(e.prefecture).toBe('選んでください。');
  });

  it('what the core refuses lands on the field it names, or the nearest one the form has', () => {
    const err = new ApiError({
      code: 'invalid_input',
      message: '入力が正しくありません。',
      path: ['patch', 'outcomes', 0, 'label'],
      issues: [
        { path: ['patch', 'outcomes', 0, 'label'], message: '成果の名前が空です。' },
        { path: ['patch', 'tags', 3], message: '空の項目があります。' },
        { path: ['somethingElse'], message: 'どの欄にも属さない' },
      ],
    });
    expect(fieldErrors(err, isDraftErrorKey)).toEqual({
      fields: { 'outcomes.0.label': '成果の名前が空です。', tags: '空の項目があります。' },
      general: 'どの欄にも属さない',
    });
    expect(fieldErrors(new Error('接続できません'), isDraftErrorKey)).toEqual({ fields: {}, general: '接続できません' });
  });
});
