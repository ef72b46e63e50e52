/**
 * The durable spool: every micro-batch is written as one segment (a CSV file per bronze table
 * plus a manifest), fsync'd, and only then committed to the lake. The manifest is written last
 * (temp + fsync + rename + directory fsync), so a segment either exists completely or not at
 * all. After kill -9, segments still present are committed again at start-up; the lake's txn
 * marker (appId, version = segment sequence) makes that re-delivery a no-op when the first
 * attempt had already committed.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { BronzeKey } from './bronze-tables';
import type { BatchContent } from './batch-builder';

export interface SegmentManifest {
  seq: number;
  batchId: string;
  tables: BronzeKey[];
  rows: number;
  maxTradeTs?: string;
  createdAt: number;
}

export interface SpoolState {
  lastSeq: number;
  lastTradeTs?: string;
}

/*
 * Synchronous on purpose: a segment is a few MB and fsync takes milliseconds, while async fs
 * calls queue behind DuckDB's work on the libuv thread pool and stretched each spool write to
 * hundreds of milliseconds under load.
 */
function writeDurable(file: string, data: string | Buffer): void {
  const fd = openSync(file, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class Spool {
  constructor(readonly dir: string) {}

  static async open(dir: string): Promise<Spool> {
    await fs.mkdir(dir, { recursive: true });
    return new Spool(dir);
  }

  file(seq: number, table: BronzeKey): string {
    return path.join(this.dir, `${String(seq).padStart(12, '0')}.${table}.csv`);
  }

  private manifestFile(seq: number): string {
    return path.join(this.dir, `${String(seq).padStart(12, '0')}.json`);
  }

  /** Writes a complete segment durably. */
  async write(seq: number, batchId: string, content: BatchContent): Promise<SegmentManifest> {
    const tables = (Object.keys(content.lines) as BronzeKey[]).filter((k) => content.lines[k].lines > 0);
    for (const t of tables) writeDurable(this.file(seq, t), content.lines[t].bytes());
    const manifest: SegmentManifest = { seq, batchId, tables, rows: content.rows, maxTradeTs: content.maxTradeTs, createdAt: Date.now() };
    const tmp = `${this.manifestFile(seq)}.tmp`;
    writeDurable(tmp, JSON.stringify(manifest));
    renameSync(tmp, this.manifestFile(seq));
    syncDir(this.dir);
    return manifest;
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
