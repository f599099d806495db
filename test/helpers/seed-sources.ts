// The source documents of the seed cases (public government material, kept beside the repo in
// ../shared/seeds, not in it) as a fingerprint that lives in the repo: a short hash of every run of
// RUN_LENGTH characters (whitespace removed) of every document. test/unit/seeds-cases.test.ts checks
// against it that no summary or body copies such a run, on every machine, with or without the documents.
//
// Rebuild after a document changes, and check that the committed fingerprint matches the documents:
//   node test/helpers/seed-sources.ts write ../shared/seeds
//   node test/helpers/seed-sources.ts check ../shared/seeds
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Length of a run of characters that counts as a copied sentence. */
export const RUN_LENGTH = 30;
/** Bytes of sha256 kept per run: 48 bits, so ~30,000 runs of the seeds against ~70,000 of the sources collide with odds of about 1 in 100,000. */
export const HASH_BYTES = 6;

export const FINGERPRINT_DIR = path.resolve(import.meta.dirname, '../fixtures/seed-sources');
const RUNS_FILE = path.join(FINGERPRINT_DIR, 'runs.bin');
const INDEX_FILE = path.join(FINGERPRINT_DIR, 'sources.json');

export interface SourceIndex {
  runLength: number;
  hashBytes: number;
  documents: { name: string; sha256: string; characters: number; runs: number }[];
  /** The first run of each document, so the test can prove that the fingerprint and its own hashing agree. */
  probes: string[];
}

export const stripSpace = (s: string): string => s.replace(/\s+/gu, '');

/** The key of one run (hex of the first HASH_BYTES of its sha256). */
export function runKey(run: string): string {
  return createHash('sha256').update(run, 'utf8').digest().subarray(0, HASH_BYTES).toString('hex');
}

/** Every run of RUN_LENGTH characters of a text (whitespace removed), in order. */
export function* runsOf(text: string): Generator<{ at: number; run: string }> {
  const chars = Array.from(stripSpace(text));
  for (let i = 0; i + RUN_LENGTH <= chars.length; i++) yield { at: i, run: chars.slice(i, i + RUN_LENGTH).join('') };
}

/** The stretches of a text made of runs found in `keys`, merged into the longest stretches for a readable message. */
export function copiedStretches(text: string, keys: ReadonlySet<string>): string[] {
  const chars = Array.from(stripSpace(text));
  const hit = (i: number) => keys.has(runKey(chars.slice(i, i + RUN_LENGTH).join('')));
  const found: string[] = [];
  let i = 0;
  while (i + RUN_LENGTH <= chars.length) {
    if (hit(i)) {
      let end = i + RUN_LENGTH;
      while (end < chars.length && hit(end - RUN_LENGTH + 1)) end++;
      found.push(chars.slice(i, end).join(''));
      i = end;
    } else {
      i++;
    }
  }
  return found;
}

/** Build the fingerprint of the .txt documents of a folder. */
export function buildFingerprint(dir: string): { index: SourceIndex; keys: string[] } {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.txt')).sort();
  if (names.length === 0) throw new Error(`no .txt documents in ${dir}`);
  const all = new Set<string>();
  const documents: SourceIndex['documents'] = [];
  const probes: string[] = [];
  for (const name of names) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const own = new Set<string>();
    for (const { at, run } of runsOf(text)) {
      if (at === 0) probes.push(run);
      own.add(runKey(run));
    }
    for (const k of own) all.add(k);
    documents.push({ name, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), characters: Array.from(stripSpace(text)).length, runs: own.size });
  }
  return { index: { runLength: RUN_LENGTH, hashBytes: HASH_BYTES, documents, probes }, keys: [...all].sort() };
}

/** The committed fingerprint. Throws, naming the file, when it is missing or malformed. */
export function readFingerprint(): { index: SourceIndex; keys: Set<string> } {
  const index = JSON.parse(fs.readFileSync(INDEX_FILE, 'utf8')) as SourceIndex;
  const bytes = fs.readFileSync(RUNS_FILE);
  if (index.hashBytes !== HASH_BYTES || index.runLength !== RUN_LENGTH || bytes.length % HASH_BYTES !== 0) {
    throw new Error(`${RUNS_FILE} does not match RUN_LENGTH ${RUN_LENGTH} / HASH_BYTES ${HASH_BYTES}: rebuild it (see test/helpers/seed-sources.ts)`);
  }
  const keys = new Set<string>();
  for (let i = 0; i < bytes.length; i += HASH_BYTES) keys.add(bytes.subarray(i, i + HASH_BYTES).toString('hex'));
  return { index, keys };
}

function writeFingerprint(dir: string): void {
  const { index, keys } = buildFingerprint(dir);
  fs.mkdirSync(FINGERPRINT_DIR, { recursive: true });
  fs.writeFileSync(RUNS_FILE, Buffer.concat(keys.map((k) => Buffer.from(k, 'hex'))));
  fs.writeFileSync(INDEX_FILE, JSON.stringify(index, null, 2) + '\n');
  process.stdout.write(`${keys.length} runs of ${index.documents.length} documents → ${path.relative(process.cwd(), FINGERPRINT_DIR)}\n`);
}

function checkFingerprint(dir: string): boolean {
  const built = buildFingerprint(dir);
  const committed = readFingerprint();
  const same = JSON.stringify(built.index) === JSON.stringify(committed.index) && built.keys.length === committed.keys.size && built.keys.every((k) => committed.keys.has(k));
  process.stdout.write(same ? 'the committed fingerprint matches the documents\n' : 'the committed fingerprint is out of date: run "write"\n');
  return same;
}

if (import.meta.main) {
  const [cmd, dir] = process.argv.slice(2);
  if ((cmd !== 'write' && cmd !== 'check') || !dir) {
    process.stderr.write('usage: node test/helpers/seed-sources.ts write|check DIR_OF_SOURCE_TXT\n');
    process.exit(2);
  }
  if (cmd === 'write') writeFingerprint(dir);
  else process.exit(checkFingerprint(dir) ? 0 : 1);
}
