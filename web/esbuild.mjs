// The esbuild plugin that both bundles of the page's code share, the site's (build.mjs)
// and the export's Node check (export/tfjs_predict.mjs): it resolves TF.js to the page's
// trimmed build in web/src/tfjs, so both run exactly the same TF.js.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { GRAPH_OPS, OP_CATEGORIES } from './src/tfjs/graph_ops.js';

const TFJS = join(dirname(fileURLToPath(import.meta.url)), 'src', 'tfjs');
// The converter's op lists and executors by category: ./op_list/<category> and
// ./executors/<category>_executor, imported by its operations/ folder.
const CONVERTER_PART = /^\.\/(op_list|executors)\/([a-z_]+?)(_executor)?$/;

// Core's model storage and fetching, imported by its io/ folder and browser platform.
const IO_PART = /^(\.\.\/io\/|\.\/)(browser_files|http|indexed_db|local_storage|model_management)$/;

// The helpers no_utils.js stands in for, as core's backend_util.js and kernel_impls.js
// import them.
const UNUSED_UTILS =
  /^\.\.?\/(backends\/einsum_util|non_max_suppression_impl|ops\/(gather_nd_util|scatter_nd_util|ragged_to_dense_util|segment_util|sparse\/[a-z_]+))$/;

/**
 * Returns an op list module of the converter's (`export const json = [...]`, one entry per
 * op of its category) with the entries of the page's ops only.
 */
function usedOpList(path) {
  const { code } = transformSync(readFileSync(path, 'utf8'), { format: 'cjs' });
  const module = { exports: {} };
  new Function('module', 'exports', code)(module, module.exports);
  const used = module.exports.json.filter((op) => GRAPH_OPS.includes(op.tfOpName));
  return `export const json = ${JSON.stringify(used)};`;
}

/** Resolves TF.js imports to the trimmed modules in web/src/tfjs. */
export const trimmedTfjs = {
  name: 'trimmed-tfjs',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, () => ({
      path: join(TFJS, 'core.js'),
    }));
    b.onResolve({ filter: /^@tensorflow\/tfjs-core\/dist\/ops\/ops_for_converter$/ }, () => ({
      path: join(TFJS, 'ops_for_converter.js'),
    }));
    b.onResolve({ filter: /^@tensorflow\/tfjs-backend-cpu\/dist\/shared$/ }, ({ importer }) =>
      importer.includes('tfjs-backend-wasm') ? { path: join(TFJS, 'cpu_shared.js') } : undefined,
    );
    // Stand-ins for what only other ops and model storage use (no_hash, no_utils, no_io).
    b.onResolve({ filter: /^\.\/hash_util$/ }, ({ importer }) =>
      importer.includes('tfjs-core') ? { path: join(TFJS, 'no_hash.js') } : undefined,
    );
    b.onResolve({ filter: UNUSED_UTILS }, ({ importer }) =>
      /(backend_util|kernel_impls)\.js$/.test(importer)
        ? { path: join(TFJS, 'no_utils.js') }
        : undefined,
    );
    b.onResolve({ filter: IO_PART }, ({ importer }) =>
      importer.includes('tfjs-core') ? { path: join(TFJS, 'no_io.js') } : undefined,
    );
    // The threaded glue and its workers' script, fetched only by pages that run threads
    // (threaded_glue.js).
    b.onResolve(
      { filter: /^\.\.\/wasm-out\/tfjs-backend-wasm-threaded-simd(\.worker)?\.js$/ },
      ({ importer }) =>
        importer.includes('tfjs-backend-wasm')
          ? { path: join(TFJS, 'threaded_glue.js') }
          : undefined,
    );
    // Only the categories of the page's ops; the others are most of the converter's size.
    b.onResolve({ filter: CONVERTER_PART }, ({ path, importer }) => {
      const [, kind, category, executor] = path.match(CONVERTER_PART);
      const part = kind === 'op_list' || executor; // not ./executors/utils and the like
      if (!importer.includes('tfjs-converter') || !part) return undefined;
      if (OP_CATEGORIES.includes(category)) {
        // The op lists of those categories keep only the page's ops' entries.
        const list = join(dirname(importer), `op_list/${category}.js`);
        return kind === 'op_list' ? { path: list, namespace: 'used-ops' } : undefined;
      }
      return { path: join(TFJS, kind === 'op_list' ? 'no_ops.js' : 'no_executor.js') };
    });
    b.onLoad({ filter: /./, namespace: 'used-ops' }, ({ path }) => ({
      contents: usedOpList(path),
      loader: 'js',
    }));
  },
};
