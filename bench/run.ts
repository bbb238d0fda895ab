/**
 * `npm run bench [-- name …]`: runs every benchmark module in bench/ (a `.ts` file exporting
 * `run(): Promise<Record<string, number>>`), prints its figures and merges them into
 * bench/results.json, a flat JSON object of numbers. Figures from modules not run this time are
 * kept, so one benchmark can be re-run alone.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Figures = Record<string, number>;
const RESULTS = join(__dirname, 'results.json');

function load(): Figures {
  if (!existsSync(RESULTS)) return {};
  try {
    const data = JSON.parse(readFileSync(RESULTS, 'utf8')) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      return Object.fromEntries(
        Object.entries(data).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)),
      ) as Figures;
    }
  } catch {
    // A broken file is replaced by this run's figures.
  }
  return {};
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const modules = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => only.length === 0 || only.includes(name))
    .sort();
  const results = load();
  for (const name of modules) {
    const mod = (await import(join(__dirname, `${name}.ts`))) as { run?: () => Promise<Figures> };
    if (typeof mod.run !== 'function') continue;
    console.log(`\n== bench ${name}`);
    const figures = await mod.run();
    for (const [k, v] of Object.entries(figures)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`bench ${name}: figure ${k} is not a finite number`);
      }
      results[k] = v;
    }
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  }
  console.log(`\n${JSON.stringify(results, null, 2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
