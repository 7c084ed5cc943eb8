// The in-place conversions `migrate` passes for the fields sync retyped, so a retype keeps the rows
// (upstream's own `add_thinking_support.sql` converts `metadata` with `USING metadata::JSONB`).
// Only String → Json has a conversion that cannot change a value: the text is parsed as JSON, and a
// row holding invalid JSON makes the migration fail and roll back. Other retypes (String → Int,
// DateTime…) are left to the user: they stay unsafe, listed with the `--backfill` hint.
import api from '../lib/index.mjs';

/** The database name of a field: its `@map`, or its name. */
function columnName(field) {
  const map = field.attributes.find((a) => a.name === '@map');
  const value = map?.arguments?.[0]?.value;
  return value ? JSON.parse(value) : field.name;
}

function conversion(provider, column) {
  switch (provider) {
    case 'postgresql':
    case 'cockroachdb':
      return `"${column.replaceAll('"', '""')}"::jsonb`;
    case 'sqlite':
      return `"${column.replaceAll('"', '""')}"`;
    case 'mysql':
      return `\`${column.replaceAll('`', '``')}\``;
    default:
      return null;
  }
}

/**
 * `{ backfill, converted }`: the `backfill` entries (`Model.field` → expression) for the scalar
 * fields whose type changed from `before` to `after`, where a safe conversion exists, and a line
 * per conversion for the output.
 */
export function retypeConversions(before, after, provider) {
  const fields = (schema) => {
    const out = new Map();
    for (const m of api.parseSchema(schema).models) for (const f of m.fields) out.set(`${m.name}.${f.name}`, f);
    return out;
  };
  const old = fields(before);
  const backfill = {};
  const converted = [];
  for (const [key, field] of fields(after)) {
    const was = old.get(key);
    if (!was || was.type === field.type || was.list || field.list) continue;
    if (was.type !== 'String' || field.type !== 'Json') continue;
    const expression = conversion(provider, columnName(field));
    if (!expression) continue;
    backfill[key] = expression;
    converted.push({ field: key, from: was.type, to: field.type, expression });
  }
  return { backfill, converted };
}
