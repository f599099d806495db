// node test/bench/write-csv.ts N FILE: N generated cases as a CSV file (for the import bench and by hand).
import fs from 'node:fs';
import { casesToCsv } from '../../electron/core/cases/codec.ts';
import { generateCases } from './gen-cases.ts';

const n = Number(process.argv[2]);
const file = process.argv[3]!;
const fd = fs.openSync(file, 'w');
// In slices, so that writing a large file does not hold every case at once.
for (let i = 0; i < n; i += 20_000) {
  const part = generateCases(Math.min(n, i + 20_000)).slice(i);
  const bytes = casesToCsv(part);
  // Every slice after the first without its BOM and header line.
  const skip = i === 0 ? 0 : Buffer.from(bytes).indexOf('\r\n') + 2;
  fs.writeSync(fd, bytes, skip);
}
fs.closeSync(fd);
