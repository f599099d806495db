import type { Question, Template } from '../../../../shared/domain/template.ts';

/** Where a question sits in the template: phase index, section index. */
export interface Place {
  phase: number;
  section: number;
}

export function findQuestion(t: Template, questionId: string): (Place & { question: Question }) | null {
  for (let p = 0; p < t.phases.length; p++) {
    const phase = t.phases[p];
    if (!phase) continue;
    for (let s = 0; s < phase.sections.length; s++) {
      const question = phase.sections[s]?.questions.find((q) => q.id === questionId);
      if (question) return { phase: p, section: s, question };
    }
  }
  return null;
}

/** The next (step 1) or previous (step -1) section across phases; null at either end. */
export function stepPlace(t: Template, at: Place, step: 1 | -1): Place | null {
  const flat: Place[] = [];
  t.phases.forEach((p, pi) => p.sections.forEach((_, si) => flat.push({ phase: pi, section: si })));
  const i = flat.findIndex((f) => f.phase === at.phase && f.section === at.section);
  return flat[i + step] ?? null;
}

/** 2026-04-01 → 2026/4/1 */
export function seireki(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1] ?? ''}/${String(Number(m[2]))}/${String(Number(m[3]))}` : iso;
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function yen(n: number): string {
  return `${n.toLocaleString('ja-JP')}円`;
}

/** Text typed into a number or money field → the value to send (a non-number is sent as typed, for the core's message). */
export function parseNumber(text: string): unknown {
  const t = text.replace(/[,，\s]/g, '').replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}

/** A short, readable form of any answer value (for orphaned answers). */
export function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

let seq = 0;
export function newRowId(): string {
  seq += 1;
  return `r${Date.now().toString(36)}${seq.toString(36)}`;
}
