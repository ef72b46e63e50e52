/**
 * The durable spool: every micro-batch is written as one segment (spool-segment.ts: a file per
 * bronze table plus a manifest written last), fsync'd, and only then committed to the lake.
 * After kill -9, segments still present are committed again at start-up; the lake's txn marker
 * (appId, version = segment sequence) makes that re-delivery a no-op when the first attempt had
 * already committed. With `worker: true` segments are encoded and written on a worker thread,
 * so the receive thread only builds batches.
 */
import { renameSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transfer } from 'comlink';
import { createWorkerPool, type WorkerPool } from '../../../workers/pool';
import type { BatchContent, CsvTable } from './batch-builder';
import type { BronzeKey } from './bronze-tables';
import { manifestFile, segmentFile, writeDurable, writeSegment, type SegmentManifest, type SegmentPayload } from './spool-segment';
import type { SpoolWorkerApi } from './spool-worker';
import { TradeColumns } from './trade-columns';

export type { SegmentManifest } from './spool-segment';

export interface SpoolState {
  lastSeq: number;
  lastTradeTs?: string;
}

function payloadOf(content: BatchContent): { payload: SegmentPayload; buffers: ArrayBuffer[] } {
  const csv: SegmentPayload['csv'] = {};
  for (const table of Object.keys(content.lines) as CsvTable[]) {
    if (content.lines[table].lines > 0) csv[table] = content.lines[table].bytes();
  }
  const trades = content.trades.rows > 0 ? content.trades.parts() : undefined;
  return { payload: { trades, csv, rows: content.rows, maxTradeTs: content.maxTradeTs }, buffers: trades ? TradeColumns.buffers(trades) : [] };
}

const workerUrl = (): URL => new URL(`./spool-worker.${fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

export class Spool {
  private constructor(
    readonly dir: string,
    private readonly worker: WorkerPool<SpoolWorkerApi> | undefined,
  ) {}

  static async open(dir: string, options: { worker?: boolean } = {}): Promise<Spool> {
    await fs.mkdir(dir, { recursive: true });
    return new Spool(dir, options.worker ? createWorkerPool<SpoolWorkerApi>(workerUrl(), { size: 1 }) : undefined);
  }

  file(seq: number, table: BronzeKey): string {
    return segmentFile(this.dir, seq, table);
  }

  private manifestFile(seq: number): string {
    return manifestFile(this.dir, seq);
  }

  /** Writes a complete segment durably; the batch's trade columns are handed over (unusable afterwards). */
  async write(seq: number, batchId: string, content: BatchContent): Promise<SegmentManifest> {
    const { payload, buffers } = payloadOf(content);
    if (this.worker) return this.worker.run((api) => api.writeSegment(this.dir, seq, batchId, transfer(payload, buffers)));
    return writeSegment(this.dir, seq, batchId, payload);
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }

  /** Complete segments (manifest present), oldest first; incomplete leftovers are removed. */
  async pending(): Promise<SegmentManifest[]> {
    const names = await fs.readdir(this.dir);
    const manifests: SegmentManifest[] = [];
    const complete = new Set<string>();
    for (const name of names.filter((n) => /^\d{12}\.json$/.test(n))) {
      manifests.push(JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')) as SegmentManifest);
      complete.add(name.slice(0, 12));
    }
    for (const name of names) {
      if (name === 'state.json') continue;
      if (name.endsWith('.tmp') || !complete.has(name.slice(0, 12))) await fs.rm(path.join(this.dir, name), { force: true });
    }
    return manifests.sort((a, b) => a.seq - b.seq);
  }

  async remove(m: SegmentManifest): Promise<void> {
    await fs.rm(this.manifestFile(m.seq), { force: true });
    await Promise.all(m.tables.map((t) => fs.rm(this.file(m.seq, t), { force: true })));
  }

  async readState(): Promise<SpoolState> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, 'state.json'), 'utf8')) as SpoolState;
    } catch {
      return { lastSeq: 0 };
    }
  }

  async writeState(state: SpoolState): Promise<void> {
    const file = path.join(this.dir, 'state.json');
    writeDurable(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  }
}
