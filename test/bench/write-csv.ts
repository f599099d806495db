// node test/bench/write-csv.ts N FILE: N generated cases as one CSV file (the 200k import bench; also by hand).
import fs from 'node:fs';
import { casesToCsv } from '../../electron/core/cases/codec.ts';
import { generateCases } from './gen-cases.ts';

const n = Number(process.argv[2]);
const file = process.argv[3]!;
const all = generateCases(n);
const fd = fs.openSync(file, 'w');
// Written in slices: the CSV text of every case at once would be several times the file's size.
for (let i = 0; i < n; i += 10_000) {
  const bytes = Buffer.from(casesToCsv(all.slice(i, i + 10_000)));
  // Every slice after the first without its BOM and header line.
  fs.writeSync(fd, bytes, i === 0 ? 0 : bytes.indexOf('\r\n') + 2);
}
fs.closeSync(fd);
