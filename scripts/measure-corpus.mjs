#!/usr/bin/env node
// Writes Prisma's from-empty script for every relational corpus unit and provider to OUT_DIR
// (default target/oracle-corpus/<provider>/<unit>.sql, `ERROR: …` when Prisma rejects the schema).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusUnits } from './corpus-units.mjs';
import { oracleDiff } from './oracle-batch.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] || path.join(root, 'target', 'oracle-corpus');
const units = corpusUnits(path.join(root, '..', 'shared', 'corpus'));
for (const provider of (process.env.PROVIDERS || 'postgresql,sqlite').split(',')) {
  fs.mkdirSync(path.join(out, provider), { recursive: true });
  for (const unit of units) {
    let sql;
    try { sql = await oracleDiff(null, unit.files, provider); } catch (e) { sql = `ERROR: ${(e.message || String(e)).split('\n')[0]}`; }
    fs.writeFileSync(path.join(out, provider, unit.name.replace(/[/*]/g, '_') + '.sql'), sql);
  }
}
fs.writeFileSync(path.join(out, 'units.json'), JSON.stringify(units, null, 1));
console.log(`${units.length} units`);
