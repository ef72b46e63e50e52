/**
 * A lake laid out as Terraform provisions it: one container per layer. The lake URI names the
 * container with a `{layer}` placeholder (`abfss://{layer}@acct.dfs.core.windows.net/`,
 * `az://{layer}/prefix`, `https://acct.blob.core.windows.net/{layer}`), and this store routes the
 * lake's keys: `<layer>/<table>/...` -> container `<layer>`, key `<table>/...`; keys outside the
 * layers (`_locks/`, scratch) -> the meta container, key unchanged. So in the meta container,
 * top-level names starting with `_` belong to the lake itself, and meta tables may not start
 * with `_` there. A plain single-container URI never comes here (tables stay at
 * `<root>/<layer>/<name>`).
 */
import { LAKE_LAYERS, type LakeLayer } from '../types';
import { LakeError } from '../errors';
import type { Store, StoreEntry } from './store';

const PLACEHOLDER = /\{layer\}|%7Blayer%7D/gi;

/** Where keys outside the layers (leases, the lake's own folders) live. */
export const LAKE_FILES_LAYER: LakeLayer = 'meta';

export function isLayerTemplate(uri: string): boolean {
  return new RegExp(PLACEHOLDER.source, 'i').test(uri);
}

/** The template with `{layer}` replaced by one layer's container name. */
export function layerUri(template: string, layer: LakeLayer): string {
  return template.replace(PLACEHOLDER, layer);
}

const isLayer = (s: string): s is LakeLayer => (LAKE_LAYERS as readonly string[]).includes(s);

export class LayeredStore implements Store {
  readonly isLocal: boolean;

  constructor(
    readonly root: string,
    private readonly layers: Readonly<Record<LakeLayer, Store>>,
  ) {
    this.isLocal = LAKE_LAYERS.every((l) => layers[l].isLocal);
  }

  /** The store and its key for a lake key. */
  route(key: string): { store: Store; key: string; layer?: LakeLayer } {
    const k = key.replace(/^\/+/, '');
    const slash = k.indexOf('/');
    const first = slash < 0 ? k : k.slice(0, slash);
    if (!isLayer(first)) return { store: this.layers[LAKE_FILES_LAYER], key: k };
    const rest = slash < 0 ? '' : k.slice(slash + 1);
    if (first === LAKE_FILES_LAYER && rest.startsWith('_')) {
      throw new LakeError(`'${k}': in a lake with one container per layer, names starting with '_' in ${first} are the lake's own folders`, 'name the table without a leading underscore');
    }
    return { store: this.layers[first], key: rest, layer: first };
  }

  /** Maps a routed store's entry key back to the lake key. */
  private back(layer: LakeLayer | undefined, key: string): string {
    return layer ? (key ? `${layer}/${key}` : layer) : key;
  }

  read(key: string): Promise<Buffer | undefined> {
    const r = this.route(key);
    return r.store.read(r.key);
  }

  async list(prefix: string, options?: { recursive?: boolean; metadata?: boolean }): Promise<StoreEntry[]> {
    if (prefix.replace(/^\/+|\/+$/g, '') === '') return this.listRoot(options);
    const r = this.route(prefix);
    const entries = await r.store.list(r.key, options);
    // The meta container's root also holds the lake's own `_` folders: not meta tables' files.
    const own = r.layer === LAKE_FILES_LAYER && r.key === '' ? (e: StoreEntry) => !e.path.startsWith('_') : () => true;
    return entries.filter(own).map((e) => ({ ...e, path: this.back(r.layer, e.path) }));
  }

  /** Root listing: the lake's own files (meta container, `_` names) and, recursively, every layer. */
  private async listRoot(options?: { recursive?: boolean; metadata?: boolean }): Promise<StoreEntry[]> {
    const own = (await this.layers[LAKE_FILES_LAYER].list('', options)).filter((e) => e.path.startsWith('_'));
    if (!options?.recursive) return own;
    const layers = await Promise.all(LAKE_LAYERS.map((l) => this.list(l, options)));
    return [...own, ...layers.flat()];
  }

  async listDirs(prefix: string): Promise<string[]> {
    if (prefix.replace(/^\/+|\/+$/g, '') === '') {
      const own = (await this.layers[LAKE_FILES_LAYER].listDirs('')).filter((d) => d.startsWith('_'));
      return [...LAKE_LAYERS, ...own];
    }
    const r = this.route(prefix);
    const dirs = await r.store.listDirs(r.key);
    return r.layer === LAKE_FILES_LAYER && r.key === '' ? dirs.filter((d) => !d.startsWith('_')) : dirs;
  }

  putIfAbsent(key: string, data: Buffer | string): Promise<boolean> {
    const r = this.route(key);
    return r.store.putIfAbsent(r.key, data);
  }

  put(key: string, data: Buffer | string): Promise<void> {
    const r = this.route(key);
    return r.store.put(r.key, data);
  }

  putFile(key: string, localFile: string, options?: { move?: boolean }): Promise<void> {
    const r = this.route(key);
    return r.store.putFile(r.key, localFile, options);
  }

  delete(key: string): Promise<void> {
    const r = this.route(key);
    return r.store.delete(r.key);
  }

  async stat(key: string): Promise<StoreEntry | undefined> {
    const r = this.route(key);
    const s = await r.store.stat(r.key);
    return s && { ...s, path: key.replace(/^\/+/, '') };
  }

  localPath(key: string, expected?: { size?: number }): Promise<string> {
    const r = this.route(key);
    return r.store.localPath(r.key, expected);
  }

  scratchDir(): Promise<string> {
    return this.layers[LAKE_FILES_LAYER].scratchDir();
  }
}
