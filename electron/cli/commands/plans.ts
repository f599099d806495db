import fs from 'node:fs';
import path from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index.ts';
import type { PlanView } from '../../../shared/contract/plans.ts';
import { AppError, formatPath } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import type { Core } from '../../core/index.ts';
import { writeOutput } from '../output.ts';
import type { Command, CommandContext, CommandOutput } from '../registry.ts';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('invalid_input', `ファイルを読めません: ${file}（${(err as NodeJS.ErrnoException).code ?? 'error'}）`, { path: ['file'] });
  }
}

function opt(options: Record<string, unknown>, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' ? v : undefined;
}

/** Thrown by call(): the core refused the input; carries every problem with its path. */
class Rejected extends Error {
  readonly errors: { path: string; message: string }[];
  constructor(message: string, errors: { path: string; message: string }[]) {
    super(message);
    this.errors = errors;
  }
}

const REJECTED_CODES = new Set(['invalid_input', 'not_found', 'conflict']);

/** Call the core keeping every issue of a refusal (core.call keeps only the first path). */
async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await core.invoke(method, input);
  if (r.ok) return r.value as MethodOutput<M>;
  const e = r.error;
  if (!REJECTED_CODES.has(e.code)) throw new AppError(e.code, e.message, e.path ? { path: e.path } : {});
  const errors = e.issues && e.issues.length > 0 ? e.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) : [{ path: formatPath(e.path ?? []), message: e.message }];
  throw new Rejected(e.message, errors);
}

function reject(message: string, path: string): never {
  throw new Rejected(message, [{ path, message }]);
}

/**
 * A command whose bad input (refused by the core or by its own checks) exits 2 with
 * {"errors": [{path, message}]} on stdout under --json, the messages on stderr.
 */
function rejecting(run: (ctx: CommandContext) => Promise<CommandOutput>): (ctx: CommandContext) => Promise<CommandOutput> {
  return async (ctx) => {
    try {
      return await run(ctx);
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      ctx.say(err.message);
      if (err.errors.length > 1 || err.errors[0]?.message !== err.message) for (const e of err.errors) ctx.say(`  - ${e.path || '(全体)'}: ${e.message}`);
      return { value: { errors: err.errors }, text: `実行できませんでした（${err.errors.length}件）。`, exitCode: 2 };
    }
  };
}

function pct(r: number): string {
  return `${Math.round(r * 100)}%`;
}

function scheduleText(p: PlanView): string {
  return [
    `計画: ${p.template.name}（${p.startDate} 開始）`,
    ...p.schedule.phases.map((ph) => `  第${ph.weeks.from}〜${ph.weeks.to}週 ${ph.name}: ${ph.startWareki}〜${ph.endWareki}（${ph.start}〜${ph.end}）${ph.state === 'current' ? ' ← 今日' : ''}`),
  ].join('\n');
}

function planText(p: PlanView): string {
  const lines = [scheduleText(p), '', `進み具合（必須の設問）: ${p.progress.answered}/${p.progress.required}（${pct(p.progress.ratio)}）`];
  for (const ph of p.progress.phases) lines.push(`  ${ph.name}: ${ph.answered}/${ph.required}`);
  lines.push('', '関門:');
  for (const g of p.gates) {
    lines.push(`  ${g.name}: ${g.closed ? '完了' : g.ready ? '完了にできます' : '不足あり'}`);
    for (const pr of g.problems) lines.push(`    - ${pr.message}`);
  }
  if (p.orphans.length > 0) lines.push('', `テンプレートから外れた回答: ${p.orphans.map((o) => o.questionId).join(', ')}`);
  return lines.join('\n');
}

export const templatesListCommand: Command = {
  name: 'templates list',
  usage: 'templates list [--json]',
  summary: '計画テンプレートの一覧',
  async run({ core }) {
    const r = await core.call('templates.list', {});
    return { value: r.items, text: r.items.map((t) => `${t.id}\t${t.builtIn ? '組み込み' : `自作 v${t.version}`}\t${t.name}（${t.phases}フェーズ・${t.questions}問）`).join('\n') };
  },
};

export const templatesValidateCommand: Command = {
  name: 'templates validate',
  usage: 'templates validate FILE [--json]',
  summary: 'テンプレートの JSON を検査する（誤りは exit 2 とパスつきで報告）',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, say }) {
    const r = await core.call('templates.validate', { json: readText(positionals[0]!) });
    for (const e of r.errors) say(`${e.path || '(全体)'}: ${e.message}`);
    return { value: { errors: r.errors }, text: r.errors.length === 0 ? 'テンプレートに誤りはありません。' : `誤りが${r.errors.length}件あります。`, exitCode: r.errors.length === 0 ? 0 : 2 };
  },
};

export const templatesImportCommand: Command = {
  name: 'templates import',
  usage: 'templates import FILE [--replace | --new-id] [--json]',
  summary: 'テンプレートを JSON から取り込む',
  options: { replace: { type: 'boolean' }, 'new-id': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const onConflict = options.replace ? 'replace' : options['new-id'] ? 'new-id' : 'error';
    const r = await core.call('templates.import', { json: readText(positionals[0]!), onConflict });
    return { value: { id: r.template.id, name: r.template.name, version: r.template.version, replaced: r.replaced }, text: `取り込みました: ${r.template.id}（${r.template.name}）` };
  },
};

export const templatesExportCommand: Command = {
  name: 'templates export',
  usage: 'templates export ID --out FILE [--json]',
  summary: 'テンプレートを JSON で書き出す',
  options: { out: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const out = opt(options, 'out');
    if (!out) throw new AppError('invalid_input', '--out に書き出し先のファイルを指定してください。', { path: ['out'] });
    const r = await core.call('templates.export', { id: positionals[0]! });
    writeOutput(out, r.json);
    return { value: { id: positionals[0]!, out: path.resolve(out) }, text: `書き出しました: ${out}` };
  },
};

export const planCreateCommand: Command = {
  name: 'plan create',
  usage: 'plan create ENGAGEMENT_ID [--template ID] [--start YYYY-MM-DD] [--json]',
  summary: '案件の計画を作り、日程を表示する',
  options: { template: { type: 'string' }, start: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const input: { engagementId: string; templateId?: string; startDate?: string } = { engagementId: positionals[0]! };
    const t = opt(options, 'template');
    const s = opt(options, 'start');
    if (t !== undefined) input.templateId = t;
    if (s !== undefined) input.startDate = s;
    const p = await core.call('plan.create', input);
    return { value: { engagementId: p.engagementId, templateId: p.templateId, schedule: p.schedule }, text: scheduleText(p) };
  },
};

export const planShowCommand: Command = {
  name: 'plan show',
  usage: 'plan show ENGAGEMENT_ID [--json]',
  summary: '案件の計画（日程・進み具合・関門・回答）を表示する',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const p = await core.call('plan.show', { engagementId: positionals[0]! });
    const value = { template: p.template, schedule: p.schedule, progress: p.progress, gates: p.gates, answers: p.answers, computed: p.computed, orphans: p.orphans };
    return { value, text: planText(p) };
  },
};

export const planAnswerCommand: Command = {
  name: 'plan answer',
  usage: 'plan answer ENGAGEMENT_ID --question QID --value JSON [--json]',
  summary: '計画の設問に回答する（値は JSON。null で消去）',
  options: { question: { type: 'string' }, value: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const q = opt(options, 'question');
    const raw = opt(options, 'value');
    if (!q) throw new AppError('invalid_input', '--question に設問の id を指定してください。', { path: ['question'] });
    if (raw === undefined) throw new AppError('invalid_input', '--value に回答を JSON で指定してください（例: --value \'"テキスト"\'、--value 3）。', { path: ['value'] });
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new AppError('invalid_input', `--value は JSON で指定してください（文字列は "…" で囲みます）: ${excerpt(raw)}`, { path: ['value'] });
    }
    const r = await core.call('plan.answer', { engagementId: positionals[0]!, questionId: q, value });
    const value2 = { questionId: r.questionId, value: r.value, updatedAt: r.updatedAt, changed: r.changed, progress: r.progress, gates: r.gates };
    return { value: value2, text: `${r.changed ? '保存しました' : '変更はありません'}: ${q}（必須 ${r.progress.answered}/${r.progress.required}）` };
  },
};

export const templatesDuplicateCommand: Command = {
  name: 'templates duplicate',
  usage: 'templates duplicate ID [--new-id X] [--name N] [--json]',
  summary: 'テンプレートを複製して自作テンプレートにする',
  options: { 'new-id': { type: 'string' }, name: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  run: rejecting(async ({ core, positionals, options }) => {
    const input: { id: string; newId?: string; name?: string } = { id: positionals[0]! };
    const newId = opt(options, 'new-id');
    const name = opt(options, 'name');
    if (newId !== undefined) input.newId = newId;
    if (name !== undefined) {
      if (name.trim() === '') reject('--name にテンプレート名を指定してください。', 'name');
      input.name = name;
    }
    const t = await call(core, 'templates.duplicate', input);
    return { value: { id: t.id, name: t.name, version: t.version, from: positionals[0]! }, text: `複製しました: ${t.id}（${t.name}）` };
  }),
};

export const templatesDeleteCommand: Command = {
  name: 'templates delete',
  usage: 'templates delete ID [--json]',
  summary: '自作テンプレートを削除する（作成済みの計画は写しを持つため影響しない）',
  positionals: { min: 1, max: 1 },
  run: rejecting(async ({ core, positionals }) => {
    const r = await call(core, 'templates.delete', { id: positionals[0]! });
    return { value: { deleted: r.deleted.id, name: r.deleted.name }, text: `削除しました: ${r.deleted.id}（${r.deleted.name}）` };
  }),
};

function phaseCommand(closed: boolean): Command {
  const verb = closed ? 'close-phase' : 'reopen-phase';
  return {
    name: `plan ${verb}`,
    usage: `plan ${verb} ENGAGEMENT_ID --phase PID [--json]`,
    summary: closed ? 'フェーズを完了にする（関門に不足があれば exit 2 で不足を報告）' : '完了にしたフェーズを作業中に戻す',
    options: { phase: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    run: rejecting(async ({ core, positionals, options }) => {
      const phaseId = opt(options, 'phase');
      if (!phaseId) reject('--phase にフェーズの id を指定してください。', 'phase');
      const p = await call(core, closed ? 'plan.closePhase' : 'plan.reopenPhase', { engagementId: positionals[0]!, phaseId });
      const name = p.template.phases.find((x) => x.id === phaseId)?.name ?? phaseId;
      return {
        value: { engagementId: p.engagementId, phaseId, closed, closedPhases: p.closedPhases },
        text: closed ? `フェーズを完了にしました: ${name}` : `フェーズを作業中に戻しました: ${name}`,
      };
    }),
  };
}

export const planClosePhaseCommand = phaseCommand(true);
export const planReopenPhaseCommand = phaseCommand(false);

export const planUpdateTemplateCommand: Command = {
  name: 'plan update-template',
  usage: 'plan update-template ENGAGEMENT_ID [--template ID] [--json]',
  summary: '計画のテンプレートを最新版（または別のテンプレート）に差し替える（回答はすべて残す）',
  options: { template: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  run: rejecting(async ({ core, positionals, options }) => {
    const engagementId = positionals[0]!;
    const templateId = opt(options, 'template');
    const before = await call(core, 'plan.show', { engagementId });
    const input: { engagementId: string; templateId?: string } = { engagementId };
    if (templateId !== undefined) input.templateId = templateId;
    const p = await call(core, 'plan.updateTemplate', input);
    const was = new Set(before.orphans.map((o) => o.questionId));
    const newlyOrphaned = p.orphans.filter((o) => !was.has(o.questionId)).map((o) => ({ questionId: o.questionId, reason: o.reason, message: o.message }));
    const value = {
      engagementId,
      from: { templateId: before.templateId, version: before.template.version },
      to: { templateId: p.templateId, version: p.template.version },
      answers: Object.keys(p.answers).length + p.orphans.length,
      orphans: p.orphans.map((o) => o.questionId),
      newlyOrphaned,
    };
    const lines = [
      `テンプレートを更新しました: ${before.templateId} v${before.template.version} → ${p.templateId} v${p.template.version}`,
      `回答はすべて残っています（${value.answers}件）。`,
      ...(newlyOrphaned.length > 0 ? [`テンプレートにない回答になったもの: ${newlyOrphaned.map((o) => o.questionId).join(', ')}`] : []),
    ];
    return { value, text: lines.join('\n') };
  }),
};

export const PLAN_COMMANDS: readonly Command[] = [
  templatesListCommand,
  templatesValidateCommand,
  templatesImportCommand,
  templatesExportCommand,
  templatesDuplicateCommand,
  templatesDeleteCommand,
  planCreateCommand,
  planShowCommand,
  planAnswerCommand,
  planClosePhaseCommand,
  planReopenPhaseCommand,
  planUpdateTemplateCommand,
];
