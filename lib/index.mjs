// ESM entry: the same module instance as the CommonJS entry (one binding, one error class).
import api from './index.cjs';

export default api;
// Named exports are static in ESM; a name the binding was not built with is `undefined` here,
// exactly as it is absent from the CommonJS object. `__test__/package.test.mjs` keeps this list
// in step with the binding.
export const { NodeLlmOrmError, __napiBindingTarget, version, parseSchema, sync, referenceSchema, generateMigration, writeMigration } = api;
