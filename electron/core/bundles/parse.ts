import { BUNDLE_FORMAT, BUNDLE_KINDS, BUNDLE_MAX_DEPTH, BUNDLE_VERSION, BundleSchema, jsonDepth, type Bundle, type BundleEntity } from '../../../shared/domain/bundle.ts';
import { parseJsonText } from '../../../shared/json-text.ts';
import { AppError } from '../../../shared/errors.ts';
import { zodToAppError } from '../../../shared/zod-ja.ts';
import { dataChecksum, recordHash } from './hash.ts';

/**
 * Reading a bundle file: bytes → text → JSON → schema → checksum → record hashes. Every
 * refusal is an AppError('invalid_input') with a Japanese message and, where there is one, the
 * path of the offending field (data.log[3].record.minutes). Nothing here touches the database.
 */

function refuse(message: string, path: (string | number)[] = []): AppError {
  return new AppError('invalid_input', message, { path });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The text of a bundle given as base64 bytes (UTF-8, with or without BOM) or as text. */
export function bundleText(input: { contentBase64?: string | undefined; text?: string | undefined }): string {
  if (input.text !== undefined) return input.text.replace(/^\uFEFF/, '');
  const b64 = (input.contentBase64 ?? '').replace(/\s+/g, '');
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw refuse('ファイルの内容（base64）が正しくありません。', ['contentBase64']);
  const bytes = Buffer.from(b64, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw refuse('受け渡しファイルを UTF-8 として読めません。Bansō が書き出したファイルをそのまま選んでください（Shift_JIS などで保存し直されたか、壊れています）。', ['contentBase64']);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

type RecordRef = { entity: BundleEntity; path: (string | number)[]; hash: string; base: string | null; record: object };

/** Every record of a bundle with its entity and path, in the order an import applies them. */
export function bundleRecords(b: Bundle): RecordRef[] {
  const out: RecordRef[] = [];
  const add = (entity: BundleEntity, path: (string | number)[], r: { hash: string; base: string | null; record: object }) =>
    out.push({ entity, path, hash: r.hash, base: r.base, record: r.record });
  b.data.cases.forEach((c, i) => add('case', ['data', 'cases', i], c));
  if (b.kind === 'library') {
    add('synonyms', ['data', 'synonyms'], b.data.synonyms);
    return out;
  }
  add('client', ['data', 'client'], b.data.client);
  add('engagement', ['data', 'engagement'], b.data.engagement);
  b.data.log.forEach((l, i) => add('logEntry', ['data', 'log', i], l));
  if (b.data.plan) add('plan', ['data', 'plan'], b.data.plan);
  b.data.answers.forEach((a, i) => add('planAnswer', ['data', 'answers', i], a));
  return out;
}

/** Parse and check a bundle's text. Throws AppError('invalid_input') on anything wrong. */
export function parseBundle(text: string): Bundle {
  const json = parseJsonText(text, '受け渡しファイル');
  if (!json.ok) throw refuse(json.message);
  const raw = json.value;
  if (!isObject(raw)) throw refuse('Bansō の受け渡しファイルではありません（JSON のオブジェクトではありません）。');
  if (raw.format !== BUNDLE_FORMAT) throw refuse(`Bansō の受け渡しファイルではありません（format が "${BUNDLE_FORMAT}" ではありません）。`, ['format']);
  if (typeof raw.version === 'number' && raw.version > BUNDLE_VERSION) {
    throw refuse(`新しい版の Bansō で作られた受け渡しファイルです（形式 ${raw.version}）。Bansō を更新してから取り込んでください。`, ['version']);
  }
  if (typeof raw.kind !== 'string' || !Object.hasOwn(BUNDLE_KINDS, raw.kind)) {
    throw refuse(`受け渡しファイルの種類（kind）が正しくありません（${Object.keys(BUNDLE_KINDS).join(' / ')} のいずれか）。`, ['kind']);
  }
  if (jsonDepth(raw) > BUNDLE_MAX_DEPTH) throw refuse(`受け渡しファイルの入れ子が深すぎます（${BUNDLE_MAX_DEPTH}段まで）。ファイルが壊れています。`);
  const parsed = BundleSchema.safeParse(raw);
  if (!parsed.success) throw zodToAppError(parsed.error, '受け渡しファイル');
  const b = parsed.data;
  if (dataChecksum(b.data) !== b.checksum) {
    throw refuse('受け渡しファイルが壊れています（チェックサムが一致しません）。書き出し直したファイルを使ってください。', ['checksum']);
  }
  for (const r of bundleRecords(b)) {
    if (recordHash(r.entity, r.record) !== r.hash) {
      throw refuse('受け渡しファイルの記録が、そのハッシュと一致しません（ファイルが壊れているか、手で編集されています）。', [...r.path, 'hash']);
    }
  }
  return b;
}
