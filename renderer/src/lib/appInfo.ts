import { formatDate, type DateStyle } from '../../../shared/domain/wareki.ts';
import { useContract } from '../api/query.ts';

/** app.info (data folder, schema version, counts) from the query cache: the status line, ホーム, 設定. */
export function useAppInfo() {
  return useContract('app.info', {});
}

/** The settings (担当者名, 所属, 日付の表示) as last saved. */
export function useSettings() {
  return useContract('settings.get', {});
}

/** 和暦 or 西暦, as chosen in 設定 (和暦 until the settings have come). */
export function useDateStyle(): DateStyle {
  return useSettings().data?.dateStyle ?? 'wareki';
}

/** The date formatter in the style chosen in 設定: every date shown in the app goes through it. */
export function useFormatDate(): (isoDate: string, opts?: { weekday?: boolean }) => string {
  const style = useDateStyle();
  return (isoDate, opts) => formatDate(isoDate, style, opts);
}
