// The ESM flavour of consumer.ts: named and default imports of the package entry.
import api, { NodeLlmOrmError, version } from '@node-llm/orm-native';

const v: string = version();
const viaDefault: string = api.version();
const err = new Error('x');
const isTyped: boolean = err instanceof NodeLlmOrmError;
// @ts-expect-error the package has no such export
import { noSuchExport } from '@node-llm/orm-native';

export { v, viaDefault, isTyped, noSuchExport };
