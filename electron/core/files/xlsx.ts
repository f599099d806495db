import type ExcelJS from 'exceljs';

/**
 * Excel workbooks (.xlsx) through exceljs: one sheet per table, Japanese headers in bold on a
 * tinted row that stays in view (frozen) and repeats when printed, column widths, number formats
 * (#,##0 for minutes and 千円), dates as real dates (yyyy/mm/dd) beside their 和暦 text, A4 page
 * setup fitted to the width. Time stamps come from the data, so the workbook's properties do not
 * carry the clock.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type XlsxCell = string | number | Date | null;

export interface XlsxSheet {
  name: string;
  /** A title line above the table (e.g. 神山町 地域DX推進計画（案） 事業一覧). */
  title?: string;
  header: string[];
  rows: XlsxCell[][];
  totals?: XlsxCell[];
  /** Per column: width in characters (a CJK character counts about 2). */
  widths?: (number | null)[];
  /** Per column: an Excel number format. */
  numFmt?: (string | null)[];
  /** Per column: wrap long text. */
  wrap?: boolean[];
  landscape?: boolean;
}

const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

function units(v: XlsxCell): number {
  if (v === null) return 0;
  if (v instanceof Date) return 10;
  const s = String(v);
  let n = 0;
  for (const line of s.split('\n')) {
    let u = 0;
    for (const ch of line) u += ch.charCodeAt(0) < 0x2e80 ? 1 : 2;
    n = Math.max(n, u);
  }
  return n;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(s: string): string {
  return s.replace(/[:\\/?*[\]]/g, '・').slice(0, 31) || 'Sheet';
}

export async function writeWorkbook(sheets: readonly XlsxSheet[], meta: { creator: string; stamp: string; title?: string }): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and the CLI and the app start without it.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const at = new Date(meta.stamp);
  wb.creator = meta.creator;
  wb.lastModifiedBy = meta.creator;
  wb.created = at;
  wb.modified = at;
  if (meta.title) wb.title = meta.title;
  for (const s of sheets) {
    const ws = wb.addWorksheet(sheetName(s.name), {
      pageSetup: { paperSize: 9, orientation: s.landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    let r = 1;
    if (s.title) {
      const c = ws.getCell(1, 1);
      c.value = s.title;
      c.font = { bold: true, size: 12 };
      r = 3;
    }
    const headRow = ws.getRow(r);
    s.header.forEach((h, i) => {
      const c = headRow.getCell(i + 1);
      c.value = h;
      c.font = { bold: true };
      c.fill = HEAD_FILL;
      c.border = THIN;
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    ws.views = [{ state: 'frozen', ySplit: r, xSplit: 0 }];
    ws.pageSetup.printTitlesRow = `${r}:${r}`;
    const put = (rowNo: number, cells: readonly XlsxCell[], total: boolean) => {
      const row = ws.getRow(rowNo);
      cells.forEach((v, i) => {
        const c = row.getCell(i + 1);
        c.value = v === '' ? null : v;
        c.border = THIN;
        const fmt = s.numFmt?.[i] ?? (v instanceof Date ? 'yyyy/mm/dd' : null);
        if (fmt) c.numFmt = fmt;
        c.alignment = { vertical: 'top', wrapText: s.wrap?.[i] ?? (typeof v === 'string' && v.length > 20) };
        if (total) {
          c.font = { bold: true };
          c.fill = TOTAL_FILL;
        }
      });
    };
    s.rows.forEach((row, i) => put(r + 1 + i, row, false));
    if (s.totals) put(r + 1 + s.rows.length, s.totals, true);
    s.header.forEach((h, i) => {
      const given = s.widths?.[i];
      const seen = Math.max(units(h), ...s.rows.slice(0, 500).map((row) => units(row[i] ?? null)));
      ws.getColumn(i + 1).width = given ?? Math.min(60, Math.max(8, seen + 2));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
