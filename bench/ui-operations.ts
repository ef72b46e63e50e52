/**
 * `npm run bench:ui-ops`: the operations views' speed. Prints JSON:
 *  1. heat-strip repaint of a pushed partition update with 10,000+ partitions drawn, in Debian's
 *     Chromium against `fde ui`: the strip is filled by a real dry-run preview of alpaca-backfill
 *     (2000-2007 x 5 symbols) and updated through the same function the partitionUpdated
 *     listener calls (the canvas' fdeApply), with batches like the runtime pushes (1 and 50
 *     partitions changing), each followed by a one-pixel readback so the time includes Chromium
 *     rasterizing the canvas. Target < 16 ms (one frame). Baseline: a full repaint of every cell
 *     (all 10k change); ratio = full / incremental (50 partitions).
 *  2. the lineage graph of the demo project (models + the jobs' bronze, forecast and published
 *     tables) laid out by dagre in the lineage view (its data-layout-ms, timed around the layout
 *     call), over fresh page loads; target < 500 ms; ratio = target / median.
 * An empty lake is enough for both: partitions and the graph come from the jobs and the project.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startUi } from '../e2e/helpers/browser';

const RUNS = 15;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 1000) / 1000;

async function measure(lake: string) {
  const ui = await startUi(lake, ['--no-scheduler']);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(ui.url);
    const layouts: number[] = [];
    let nodes = 0;
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => void (window.location.hash = '#/'));
      await page.reload();
      await page.evaluate(() => void (window.location.hash = '#/lineage'));
      const view = page.getByTestId('lineage-view');
      await view.waitFor({ timeout: 180_000 });
      layouts.push(Number(await view.getAttribute('data-layout-ms')));
      nodes = Number(await view.getAttribute('data-nodes'));
    }
    await page.evaluate(() => void (window.location.hash = '#/backfills'));
    await page.getByTestId('bf-job').selectOption('alpaca-backfill');
    await page.getByTestId('bf-from').fill('2000-01-03');
    await page.getByTestId('bf-to').fill('2007-12-31');
    await page.getByTestId('bf-preview').click();
    const strip = page.getByTestId('heat-strip');
    await strip.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="heat-strip"]')?.getAttribute('data-partitions') ?? 0) > 0, null, { timeout: 120_000 });
    const partitions = Number(await strip.getAttribute('data-partitions'));
    // Each sample: apply the update, then read one pixel back, which makes Chromium finish
    // rasterizing the canvas (the time includes the real drawing, not only queued commands).
    // Batches of REPEAT updates per sample, since performance.now() is coarse in a normal page.
    const timings = await strip.evaluate((el, runs) => {
      const c = el as HTMLCanvasElement & { fdeApply?: (p: Array<{ key: string; state: string }>) => number; fdeStates?: () => Record<string, string> };
      const ctx = c.getContext('2d')!;
      const keys = Object.keys(c.fdeStates!());
      const cycle = ['running', 'done', 'failed', 'queued'];
      const REPEAT = 20;
      // No named helper functions in here: the bundler's name-keeping wrapper does not exist in the page.
      const out: Record<string, number[]> = { one: [], fifty: [], all: [] };
      const sizes: Array<[string, number]> = [['one', 1], ['fifty', 50], ['all', keys.length]];
      for (let r = 0; r < runs; r++) {
        for (const [name, size] of sizes) {
          const t0 = performance.now();
          for (let k = 0; k < REPEAT; k++) {
            const state = cycle[(r * REPEAT + k) % cycle.length]!;
            const at = ((r * REPEAT + k) * 977) % keys.length;
            const batch = size >= keys.length ? keys : keys.slice(at, at + size);
            c.fdeApply!(batch.map((key) => ({ key, state })));
            ctx.getImageData(0, 0, 1, 1);
          }
          out[name]!.push((performance.now() - t0) / REPEAT);
        }
      }
      return out;
    }, RUNS);
    return {
      strip: { partitions, oneMs: round(median(timings.one!)), fiftyMs: round(median(timings.fifty!)), fullRepaintMs: round(median(timings.all!)) },
      layout: { nodes, firstMs: round(layouts[0]!), medianMs: round(median(layouts)) },
    };
  } finally {
    await browser.close();
    await ui.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'fde-bench-ops-'));
try {
  const { strip, layout } = await measure(join(dir, 'lake'));
  const result = {
    heatStrip: { ...strip, targetMs: 16, ratioFullOverIncremental: round(strip.fullRepaintMs / Math.max(strip.fiftyMs, 0.01)), meetsTarget: strip.fiftyMs < 16 },
    lineageLayout: { ...layout, targetMs: 500, ratioTargetOverMedian: round(500 / layout.medianMs), meetsTarget: layout.firstMs < 500 },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
