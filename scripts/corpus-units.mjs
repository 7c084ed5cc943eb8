// The relational schemas of ../shared/corpus as diff units: each single-file schema, and each
// `prisma/schema/` folder (files sharing a prefix) as one multi-file unit. MongoDB schemas are left
// out (Prisma has no SQL migrations for them). Used by the conformance test and the measurement script.
import fs from 'node:fs';
import path from 'node:path';

export const MULTI_FILE_SETS = [
  'dubinc__dub__apps__web__prisma__schema__',
  'mfts__papermark__prisma__schema__',
  'lukevella__rallly__packages__database__prisma__',
  'formbricks__formbricks__packages__database__schema__',
];

export function corpusUnits(corpusDir) {
  const units = [];
  const real = path.join(corpusDir, 'real');
  const sets = new Map(MULTI_FILE_SETS.map((p) => [p, []]));
  for (const f of fs.readdirSync(real).filter((f) => f.endsWith('.prisma')).sort()) {
    const set = MULTI_FILE_SETS.find((p) => f.startsWith(p));
    if (set) sets.get(set).push(path.join(real, f));
    else units.push({ name: `real/${f}`, files: [path.join(real, f)] });
  }
  for (const [prefix, files] of sets) units.push({ name: `real/${prefix}*`, files });
  const engines = path.join(corpusDir, 'engines');
  for (const f of fs.readdirSync(engines).filter((f) => f.endsWith('.prisma')).sort()) {
    units.push({ name: `engines/${f}`, files: [path.join(engines, f)] });
  }
  return units.filter((u) => !u.files.some((f) => /provider\s*=\s*"mongodb"/.test(fs.readFileSync(f, 'utf8'))));
}
