import { AppError } from '../../../shared/errors.ts';

/**
 * Text files people bring (CSV, JSON): UTF-8 with or without BOM, or Shift_JIS/CP932 as Excel in
 * Japan saves them. Anything else is refused with a message that says what to do.
 */

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// WHATWG Shift_JIS is Windows-31J (CP932): NEC/IBM extensions (①, ㈱, 髙) and half-width kana included.
const SJIS = new TextDecoder('shift_jis', { fatal: true });

/** UTF-8 (BOM stripped) or Shift_JIS/CP932; anything else is refused. Line endings are left as they are. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: DetectedEncoding } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    if (bom) return { text: UTF8.decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    return { text: UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: fall through
  }
  if (!bom) {
    try {
      return { text: SJIS.decode(bytes), encoding: 'shift_jis' };
    } catch {
      // neither
    }
  }
  throw new AppError('invalid_input', '文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。');
}
