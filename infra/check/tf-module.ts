// Loads one Terraform module directory: every *.tf file parsed by @cdktf/hcl2json (HashiCorp's
// own HCL parser compiled to WebAssembly), merged into one view of its blocks.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { blockLine } from './line-locator';

/** A JSON value as hcl2json emits it: expressions are strings wrapped in `${...}`. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };

export interface Block {
  /** e.g. ['azurerm_storage_account', 'lake'] for a resource, ['lake'] for a module call. */
  labels: string[];
  body: Body;
  file: string;
  line: number | undefined;
}

export interface TfModule {
  dir: string;
  files: Map<string, string>;
  variables: Map<string, Block>;
  locals: Map<string, { expr: Json; file: string }>;
  resources: Block[];
  data: Block[];
  moduleCalls: Map<string, Block>;
  outputs: Map<string, Block>;
  terraform: Block[];
}

export class TfLoadError extends Error {}

const cache = new Map<string, Promise<TfModule>>();

/** Loads (once per process) the module in `dir`. */
export function loadModule(dir: string): Promise<TfModule> {
  const key = path.resolve(dir);
  let pending = cache.get(key);
  if (!pending) {
    pending = readModule(key);
    cache.set(key, pending);
  }
  return pending;
}

async function readModule(dir: string): Promise<TfModule> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort();
  } catch {
    throw new TfLoadError(`module directory ${dir} does not exist`);
  }
  if (names.length === 0) throw new TfLoadError(`module directory ${dir} has no .tf files`);
  const mod: TfModule = {
    dir, files: new Map(), variables: new Map(), locals: new Map(), resources: [], data: [],
    moduleCalls: new Map(), outputs: new Map(), terraform: [],
  };
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    mod.files.set(file, text);
    let json: Body;
    try {
      json = (await parse(file, text)) as Body;
    } catch (err) {
      throw new TfLoadError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    addFile(mod, file, text, json);
  }
  return mod;
}

function addFile(mod: TfModule, file: string, text: string, json: Body): void {
  const block = (kind: string, labels: string[], body: Body): Block =>
    ({ labels, body, file, line: blockLine(text, kind, labels) });
  for (const [name, bodies] of entries(json.variable)) mod.variables.set(name, block('variable', [name], first(bodies)));
  for (const [name, bodies] of entries(json.output)) mod.outputs.set(name, block('output', [name], first(bodies)));
  for (const [name, bodies] of entries(json.module)) mod.moduleCalls.set(name, block('module', [name], first(bodies)));
  for (const [type, byName] of entries(json.resource)) {
    for (const [name, bodies] of entries(byName)) mod.resources.push(block('resource', [type, name], first(bodies)));
  }
  for (const [type, byName] of entries(json.data)) {
    for (const [name, bodies] of entries(byName)) mod.data.push(block('data', [type, name], first(bodies)));
  }
  for (const locals of asArray(json.locals)) {
    for (const [name, expr] of Object.entries(asBody(locals))) mod.locals.set(name, { expr, file });
  }
  for (const tf of asArray(json.terraform)) mod.terraform.push(block('terraform', [], asBody(tf)));
}

function entries(value: Json | undefined): [string, Json][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function asBody(value: Json): Body {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function first(value: Json): Body {
  return asBody(Array.isArray(value) ? (value[0] ?? {}) : value);
}
