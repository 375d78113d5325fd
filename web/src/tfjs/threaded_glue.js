// The WASM backend's threaded glue (emscripten's loader for the threaded SIMD binary,
// about a quarter of the page's TF.js code) and the script its threads' workers run,
// fetched only by pages that run threads. The build resolves the WASM backend's static
// imports of both to this file.
let factory = null;

/** The threads' worker script, as the WASM backend hands it to them: set by loading. */
export let wasmWorkerContents = '';

/** Loads the glue and its workers' script; call before the WASM backend starts on threads. */
export async function loadThreadedGlue() {
  if (factory) return;
  const [glue, worker] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'),
  ]);
  // Both are CommonJS modules: what they export is their default export.
  wasmWorkerContents = worker.default.wasmWorkerContents;
  factory = glue.default;
}

/** The glue's module factory, as the WASM backend calls it. */
function threadedFactory(config) {
  if (!factory) throw new Error('The threaded WASM glue was not loaded');
  return factory(config);
}
// The backend also hands the factory's source to its threads' workers.
threadedFactory.toString = () => factory.toString();

export default threadedFactory;
