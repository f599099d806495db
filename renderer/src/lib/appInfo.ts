import { useContract } from '../api/query.ts';

/** app.info (data folder, schema version, counts) from the query cache: the status line, ホーム, 設定. */
export function useAppInfo() {
  return useContract('app.info', {});
}

/** The settings (担当者名, 所属, 日付の表示) as last saved. */
export function useSettings() {
  return useContract('settings.get', {});
}
