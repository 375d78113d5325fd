// The WASM backend's threaded glue (emscripten's loader for the threaded SIMD binary,
// about a quarter of the page's TF.js code), fetched only by pages that run threads. The
// build resolves the WASM backend's static import of it to this file.
let factory = null;

/** Loads the threaded glue; call before the WASM backend starts on threads. */
export async function loadThreadedGlue() {
  factory ??= (
    await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')
  ).default;
}

/** The glue's module factory, as the WASM backend calls it. */
function threadedFactory(config) {
  if (!factory) throw new Error('The threaded WASM glue was not loaded');
  return factory(config);
}
// The backend also hands the factory's source to its threads' workers.
threadedFactory.toString = () => factory.toString();

export default threadedFactory;
