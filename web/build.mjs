// Assembles the static site in web/dist: the bundled page (web/src), its static
// files (web/static) and the exported model and sample files (web/public).
// The site is built in a staging folder and swapped in only when complete.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const WEB = dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    public: { type: 'string', default: join(WEB, 'public') },
    out: { type: 'string', default: join(WEB, 'dist') },
    'no-minify': { type: 'boolean', default: false },
  },
});
const publicDir = resolve(args.public);
const outDir = resolve(args.out);

if (!existsSync(join(publicDir, 'config.json'))) {
  console.error(
    `error: ${publicDir} has no config.json.\n` +
      'Export the model first: python -m export (or restore web/public from git).',
  );
  process.exit(1);
}

const stage = `${outDir}.tmp-${process.pid}`;
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
try {
  await build({
    entryPoints: [join(WEB, 'src', 'main.js')],
    outfile: join(stage, 'app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: !args['no-minify'],
    // The map is written for debugging but not linked, so the page never requests it.
    sourcemap: 'external',
    legalComments: 'external',
    logLevel: 'warning',
  });
  cpSync(join(WEB, 'static'), stage, { recursive: true });
  cpSync(publicDir, stage, { recursive: true });
  // Swap: the old site stays in place until the new one is complete.
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(stage, outDir);
  rmSync(old, { recursive: true, force: true });
} catch (err) {
  rmSync(stage, { recursive: true, force: true });
  console.error(`error: build failed: ${err.message}`);
  process.exit(1);
}
console.log(`Built the site in ${outDir}`);
