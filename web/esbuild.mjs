// The esbuild plugin that both bundles of the page's code share, the site's (build.mjs)
// and the export's Node check (export/tfjs_predict.mjs): it resolves TF.js to the page's
// trimmed build in web/src/tfjs, so both run exactly the same TF.js.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TFJS = join(dirname(fileURLToPath(import.meta.url)), 'src', 'tfjs');

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
  },
};
