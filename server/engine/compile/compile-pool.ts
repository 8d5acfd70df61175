/**
 * Deploy compilation off the event loop: one worker thread (piscina) parses, lints and compiles, so
 * a 20,000-element model or a 20,000-rule table never stalls the requests of everyone else. The
 * worker has its own heap and stack limits and a time limit; exceeding any of them is a 422.
 */
import Piscina from 'piscina';
import { validationFailed } from '../../errors';
import { COMPILE_TIMEOUT_MS } from '../../../common/limits';
import type { CompileTaskInput, CompileTaskOutput } from './compile-task';

let pool: Piscina | null = null;

function compilePool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./compile-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
    // Enough for the largest model within the limits; a bomb ends the worker, not the server.
    resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 8 },
  });
  return pool;
}

/** Compiles a deployment's BPMN and DMN documents in the worker; 422 when the worker gives up. */
export async function compileInWorker(input: CompileTaskInput): Promise<CompileTaskOutput> {
  try {
    return (await compilePool().run(input, { signal: AbortSignal.timeout(COMPILE_TIMEOUT_MS) })) as CompileTaskOutput;
  } catch (e) {
    const err = e as Error;
    const reason = err.name === 'AbortError' || err.name === 'TimeoutError'
      ? `compiling took longer than ${COMPILE_TIMEOUT_MS / 1000} s`
      : `the model could not be compiled (${err.message.split('\n')[0]})`;
    throw validationFailed([{ elementId: 'definitions', message: reason }], 'The model cannot be deployed');
  }
}

/** Ends the worker thread (tests, shutdown). */
export async function closeCompilePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
