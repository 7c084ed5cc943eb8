// sync() over the real-world corpus (../shared/corpus/real): schemas with no NodeLLM models get the
// base models appended; every patched schema must pass Prisma's validator, stay prisma-formatted
// when it was, and keep every original line, in order (only whitespace inside realigned lines moves).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sync } from '@node-llm/orm-native';
import { validate, format } from './helpers/prisma-engines.mjs';

const dir = new URL('../../shared/corpus/real/', import.meta.url);
const stripUrl = (text) => text.replace(/^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=.*\r?\n/gm, '');
const MULTI_FILE = [
  'dubinc__dub__apps__web__prisma__schema__',
  'mfts__papermark__prisma__schema__',
  'lukevella__rallly__packages__database__prisma__',
  'formbricks__formbricks__packages__database__schema__',
];

function schemas() {
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.prisma')).sort();
  const out = [];
  for (const prefix of MULTI_FILE) {
    out.push({ name: `${prefix}*`, files: names.filter((n) => n.startsWith(prefix)) });
  }
  for (const n of names) if (!MULTI_FILE.some((p) => n.startsWith(p))) out.push({ name: n, files: [n] });
  return out.map(({ name, files }) => ({
    name,
    files: files.map((f) => ({ path: f, content: stripUrl(fs.readFileSync(new URL(f, dir), 'utf8')) })),
  }));
}

const REWRITING = new Set(['typeMismatch', 'arityMismatch', 'missingAttribute', 'relationMismatch', 'nativeType']);
const squash = (line) => line.replace(/\s+/g, ' ').trim();

/** Lines of fields a change rewrites (type, attributes) may differ; every other line must survive. */
function assertLinesKept(before, after, rewritten, label) {
  const kept = after.split('\n').map(squash);
  let at = 0;
  for (const line of before.split('\n').map(squash)) {
    if (rewritten.has(line.split(' ')[0])) continue;
    while (at < kept.length && kept[at] !== line) at++;
    assert.ok(at < kept.length, `${label}: lost or reordered line \`${line}\``);
    at++;
  }
}

test('patching real schemas keeps them valid, formatted and otherwise untouched', (t) => {
  const counts = { patched: 0, formatKept: 0, unsupported: 0, invalidInput: 0 };
  for (const { name, files } of schemas()) {
    if (!validate(files).ok) {
      counts.invalidInput++;
      continue;
    }
    let report;
    try {
      report = sync({ schema: files });
    } catch (err) {
      assert.equal(err.code, 'UNSUPPORTED_PROVIDER', `${name}: ${err.message}`);
      counts.unsupported++;
      continue;
    }
    const verdict = validate(report.schema.map(({ path, content }) => ({ path, content })));
    assert.ok(verdict.ok, `${name}: ${verdict.message}`);
    counts.patched++;
    const rewritten = new Set(report.changes.filter((c) => c.field && REWRITING.has(c.kind)).map((c) => c.field));
    report.schema.forEach((out, i) => assertLinesKept(files[i].content, out.content, rewritten, `${name} ${out.path}`));
    if (files.length === 1 && format(files[0].content) === files[0].content) {
      assert.equal(format(report.schema[0].content), report.schema[0].content, `${name}: prisma format broken`);
      counts.formatKept++;
    }
  }
  t.diagnostic(JSON.stringify(counts));
  assert.ok(counts.patched >= 25, `patched ${counts.patched}`);
  assert.ok(counts.formatKept >= 10, `format kept ${counts.formatKept}`);
});
