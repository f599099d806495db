import { AppError } from '../../../shared/errors.ts';
import { changePassphrase, enableEncryption, encryptionStatus, rekeyFolder, unlockFolder } from '../../core/crypto/folder.ts';
import { NEW_PASSPHRASE_ENV, readSecretFile } from '../../core/crypto/secrets.ts';
import { stderrLogger } from '../../core/log.ts';
import type { Command, StandaloneContext } from '../registry.ts';

const SOURCE_JA = { passphrase: 'パスフレーズ', recovery: '回復キー', os: 'OS の鍵ストア' } as const;

function newPassphrase(ctx: StandaloneContext): string {
  const f = ctx.options['new-passphrase-file'];
  if (typeof f === 'string') return readSecretFile(f, '--new-passphrase-file');
  const v = ctx.env[NEW_PASSPHRASE_ENV];
  if (v) return v;
  throw new AppError('invalid_input', `新しいパスフレーズを --new-passphrase-file ファイル か環境変数 ${NEW_PASSPHRASE_ENV} で指定してください。`, { path: ['newPassphrase'] });
}

function noRun(): never {
  throw new AppError('internal', 'standalone command');
}

export const encryptionStatusCommand: Command = {
  name: 'encryption status',
  usage: 'encryption status [--json]',
  summary: 'データフォルダーが暗号化されているか、何で開くかを表示する（パスフレーズは不要）',
  run: noRun,
  async standalone({ dataDir }) {
    const s = encryptionStatus(dataDir);
    const text = s.encrypted
      ? `暗号化されています（${s.methods.map((m) => SOURCE_JA[m]).join('・')}で開けます）: ${dataDir}`
      : `暗号化されていません: ${dataDir}\n暗号化するには: banso encryption enable --passphrase-file ファイル`;
    return { value: { encrypted: s.encrypted, keySource: s.keySource, methods: s.methods, dataDir }, text };
  },
};

export const encryptionEnableCommand: Command = {
  name: 'encryption enable',
  usage: 'encryption enable --passphrase-file FILE [--json]',
  summary: 'データフォルダーを暗号化する（先にバックアップ、既存のバックアップも暗号化。回復キーを一度だけ表示）',
  run: noRun,
  async standalone({ dataDir, unlock, say }) {
    if (!unlock.passphrase) throw new AppError('invalid_input', 'パスフレーズを --passphrase-file ファイル か環境変数 BANSO_PASSPHRASE で指定してください。', { path: ['passphrase'] });
    const r = await enableEncryption(dataDir, { passphrase: unlock.passphrase, log: stderrLogger('banso') });
    say('回復キーは今回だけ表示します。印刷するか、パスワード管理ソフトに保存してください（パスフレーズを忘れたときに必要です）。');
    return {
      value: { encrypted: true, keySource: r.keySource, recoveryKey: r.recoveryKey, backupsConverted: r.backupsConverted, dataDir },
      text: `暗号化しました: ${dataDir}（バックアップ ${r.backupsConverted} 件も暗号化）\n回復キー: ${r.recoveryKey}`,
    };
  },
};

export const encryptionChangePassphraseCommand: Command = {
  name: 'encryption change-passphrase',
  usage: 'encryption change-passphrase --passphrase-file FILE --new-passphrase-file FILE [--json]',
  summary: 'パスフレーズを変える（データは暗号化し直さない。回復キーはそのまま使える）',
  options: { 'new-passphrase-file': { type: 'string' } },
  run: noRun,
  async standalone(ctx) {
    const s = await changePassphrase(ctx.dataDir, ctx.unlock, newPassphrase(ctx));
    return { value: { encrypted: s.encrypted, keySource: s.keySource, methods: s.methods }, text: 'パスフレーズを変更しました。' };
  },
};

export const encryptionRekeyCommand: Command = {
  name: 'encryption rekey',
  usage: 'encryption rekey --passphrase-file FILE [--json]',
  summary: 'データの鍵を新しくする（データベースとバックアップを新しい鍵で暗号化し直す）',
  run: noRun,
  async standalone({ dataDir, unlock }) {
    const r = await rekeyFolder(dataDir, unlock, { log: stderrLogger('banso') });
    return { value: { encrypted: r.encrypted, keySource: r.keySource, backupsConverted: r.backupsConverted }, text: `データの鍵を新しくしました（バックアップ ${r.backupsConverted} 件も）。` };
  },
};

export const encryptionUnlockCheckCommand: Command = {
  name: 'encryption check',
  usage: 'encryption check --passphrase-file FILE [--json]',
  summary: 'パスフレーズ（または回復キー）で開けるか確かめる（中断した変更があれば仕上げる）',
  run: noRun,
  async standalone({ dataDir, unlock }) {
    const s = await unlockFolder(dataDir, unlock, stderrLogger('banso'));
    return { value: { encrypted: s.encrypted, keySource: s.keySource }, text: s.encrypted ? `開けます（${SOURCE_JA[s.keySource ?? 'passphrase']}）。` : '暗号化されていません。' };
  },
};

export const ENCRYPTION_COMMANDS: readonly Command[] = [encryptionStatusCommand, encryptionEnableCommand, encryptionChangePassphraseCommand, encryptionRekeyCommand, encryptionUnlockCheckCommand];
