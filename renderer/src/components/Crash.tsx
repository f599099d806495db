/**
 * Test hook: #/__crash renders this, which throws, so an end-to-end test can
 * prove that the error boundary shows 「問題が発生しました」 instead of a white page.
 * Not linked from anywhere.
 */
export function Crash(): never {
  throw new Error('テスト用の意図的なエラーです（#/__crash）。');
}
