import fs from 'node:fs';

/** Debian's Chromium; never a browser downloaded by Playwright. */
export function chromiumPath(): string | null {
  const candidates = [process.env.BANSO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
    (p): p is string => Boolean(p),
  );
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_INSTALL_HINT = 'Chromium が見つかりません。インストールしてください: sudo apt-get install -y chromium fonts-noto-cjk';
