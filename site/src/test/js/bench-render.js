// Benchmark (not a test): how long render.js takes for realistic and hostile replies, and how
// heavy the page is. Run from the repo root: node site/src/test/js/bench-render.js
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

import { renderMarkdown } from '../../main/resources/twin-site/render.js';
import { createFakeDocument } from './fake-dom.js';

const typical = [
  'Happy to! Right now I am working on **three** things:',
  '',
  '1. A *tiny* build tool for static sites, see https://example.com/tool',
  '2. Notes on `record` types in Java 17',
  '   - compact constructors',
  '   - validation in one place',
  '3. A talk: [slides](https://example.com/talk)',
  '',
  '```java',
  'record SessionId(String value) {}',
  '```',
  '',
].join('\n');
const reply4k = (typical + '\n').repeat(Math.ceil(4000 / typical.length)).slice(0, 4000);

const cases = {
  'typical reply, 4,000 chars': reply4k,
  'plain text, 100,000 chars': 'lorem ipsum dolor sit amet '.repeat(3704).slice(0, 100_000),
  'unclosed "*a", 100,000 chars': '*a'.repeat(50_000),
  '"[a](" x 30,000 (120,000 chars)': '[a]('.repeat(30_000),
  '"http://" x 20,000 (140,000 chars)': 'http://'.repeat(20_000),
  '"<script>" payloads, 125,000 chars': '<script>alert(1)</script>'.repeat(5_000),
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log('| input | median ms | runs |');
console.log('| --- | ---: | ---: |');
for (const [name, source] of Object.entries(cases)) {
  const runs = source.length > 10_000 ? 15 : 400;
  for (let i = 0; i < 5; i++) renderMarkdown(source, createFakeDocument()); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    renderMarkdown(source, createFakeDocument());
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`| ${name} | ${median(times).toFixed(3)} | ${runs} |`);
}

const site = fileURLToPath(new URL('../../main/resources/twin-site/', import.meta.url));
let raw = 0;
let gz = 0;
for (const file of readdirSync(site)) {
  const bytes = readFileSync(join(site, file));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
console.log(`\nsite files: ${readdirSync(site).length}, ${raw} bytes raw, ${gz} bytes gzipped (sum of files)`);
