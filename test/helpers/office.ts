import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * LibreOffice (headless) and poppler for the tests: a DOCX converted to PDF, its text (pdftotext
 * -layout) and, when asked, page images (pdftoppm -png) to look at. Missing tools fail the test
 * with the packages to install.
 */

const APT = 'apt-get install -y libreoffice-writer-nogui poppler-utils fonts-ipaexfont fonts-noto-cjk';

function need(bin: string, arg: string): void {
  const r = spawnSync(bin, [arg], { encoding: 'utf8' });
  if (r.error) throw new Error(`${bin} が見つかりません。インストールしてください: ${APT}`);
}

export function pdfOf(docx: Uint8Array, name: string, outDir: string, opts: { pages?: 'all' | 'none' | number[]; dpi?: number } = {}): { text: string; pdf: string; pageCount: number; images: string[] } {
  need('soffice', '--version');
  need('pdftotext', '-v');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.docx`);
  fs.writeFileSync(file, docx);
  const home = path.join(outDir, '.lo-home');
  fs.mkdirSync(home, { recursive: true });
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${home}`, '--convert-to', 'pdf', '--outdir', outDir, file], {
    env: { ...process.env, HOME: home },
    stdio: 'pipe',
    timeout: 120_000,
  });
  const pdf = path.join(outDir, `${name}.pdf`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pageCount = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? '0');
  const images: string[] = [];
  const pages = opts.pages ?? 'none';
  if (pages !== 'none') {
    const list = pages === 'all' ? Array.from({ length: pageCount }, (_, i) => i + 1) : pages;
    for (const p of list) {
      const prefix = path.join(outDir, `${name}-p${p}`);
      execFileSync('pdftoppm', ['-png', '-r', String(opts.dpi ?? 50), '-f', String(p), '-l', String(p), '-singlefile', pdf, prefix]);
      images.push(`${prefix}.png`);
    }
  }
  return { text, pdf, pageCount, images };
}
