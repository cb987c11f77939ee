/** Tests run on the default backend (wasm) unless SOLH_TEST_BACKEND names another. */
import { selectBackend } from '../../src/engine/backend';

export async function testBackend(): Promise<string> {
  return selectBackend(process.env.SOLH_TEST_BACKEND ?? 'wasm');
}
