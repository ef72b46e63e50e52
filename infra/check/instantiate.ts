// Builds one environment (a root module and the local modules it calls, followed down) and
// expands its resources into instances with the scope each one's expressions evaluate in.
import path from 'node:path';
import type { EvalScope, PathPart } from './evaluate';
import { evaluateJson, getPath } from './evaluate';
import type { Finding } from './findings';
import type { Block, TfModule } from './tf-module';
import { TfLoadError, loadModule } from './tf-module';
import type { Value } from './values';
import { Unresolved, isObject, symbol } from './values';

export interface ResourceInstance {
  address: string;
  kind: 'resource' | 'data';
  type: string;
  name: string;
  block: Block;
  module: ModuleInstance;
  scope: EvalScope;
}

export interface Environment {
  name: string;
  root: ModuleInstance;
  modules: ModuleInstance[];
  resources: ResourceInstance[];
  /** Structure problems found while following module calls (missing source, unsupported call). */
  problems: Finding[];
}

interface Iteration {
  each?: { key: Value; value: Value };
  countIndex?: Value;
}

export class ModuleInstance {
  readonly children = new Map<string, ModuleInstance>();
  private readonly cache = new Map<string, Promise<Value>>();

  constructor(
    readonly address: string,
    readonly mod: TfModule,
    readonly env: string,
    readonly caller?: { instance: ModuleInstance; call: Block },
  ) {}

  /** Prefix for addresses of things declared in this module ('' at the root). */
  get prefix(): string {
    return this.address ? `${this.address}.` : '';
  }

  variable(name: string): Promise<Value> {
    return this.memo(`var.${name}`, async () => {
      const decl = this.mod.variables.get(name);
      if (!decl) return new Unresolved(`variable "${name}" is not declared in ${this.mod.dir}`);
      if (this.caller && name in this.caller.call.body) {
        return evaluateJson(this.caller.call.body[name], this.caller.instance.scope());
      }
      if ('default' in decl.body) return evaluateJson(decl.body.default, this.scope());
      return this.caller
        ? new Unresolved(`variable "${name}" is not passed to ${this.address}`)
        : new Unresolved(`root variable "${name}" has no default (it is set at apply time)`);
    });
  }

  local(name: string): Promise<Value> {
    return this.memo(`local.${name}`, async () => {
      const local = this.mod.locals.get(name);
      return local ? evaluateJson(local.expr, this.scope()) : new Unresolved(`local "${name}" is not defined`);
    });
  }

  output(name: string): Promise<Value> {
    return this.memo(`output.${name}`, async () => {
      const out = this.mod.outputs.get(name);
      return out ? evaluateJson(out.body.value, this.scope()) : new Unresolved(`${this.address} has no output "${name}"`);
    });
  }

  scope(iteration: Iteration = {}): EvalScope {
    return { resolve: (parts) => this.resolve(parts, iteration) };
  }

  private async resolve(parts: PathPart[], it: Iteration): Promise<Value> {
    const key = (i: number): string => String(parts[i]?.key ?? '');
    const head = key(0);
    switch (head) {
      case 'var':
        return getPath(await this.variable(key(1)), parts.slice(2));
      case 'local':
        return getPath(await this.local(key(1)), parts.slice(2));
      case 'module': {
        const child = this.children.get(key(1));
        if (!child) return new Unresolved(`module "${key(1)}" is not called here`);
        return getPath(await child.output(key(2)), parts.slice(3));
      }
      case 'each':
        if (!it.each) return new Unresolved('each.* used outside for_each');
        return getPath(key(1) === 'key' ? it.each.key : it.each.value, parts.slice(2));
      case 'count':
        return it.countIndex ?? new Unresolved('count.index used outside count');
      case 'data':
        return getPath(symbol(`${this.prefix}data.${key(1)}.${key(2)}`), parts.slice(3));
      case 'path':
        return symbol(`path.${key(1)}`);
      default:
        if (this.mod.resources.some((r) => r.labels[0] === head && r.labels[1] === key(1))) {
          return getPath(symbol(`${this.prefix}${head}.${key(1)}`), parts.slice(2));
        }
        return new Unresolved(`unknown reference ${parts.map((p) => p.key).join('.')}`);
    }
  }

  private memo(key: string, compute: () => Promise<Value>): Promise<Value> {
    let pending = this.cache.get(key);
    if (!pending) {
      pending = compute();
      this.cache.set(key, pending);
    }
    return pending;
  }
}

const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
export const isMetaArgument = (name: string): boolean => META_ARGUMENTS.has(name);

/** Loads the root module in `dir` and every local module it calls, recursively. */
export async function buildEnvironment(dir: string, name: string): Promise<Environment> {
  const root = new ModuleInstance('', await loadModule(dir), name);
  const env: Environment = { name, root, modules: [], resources: [], problems: [] };
  // The whole module tree first: a for_each in one module may read another module's outputs.
  await addModule(env, root);
  for (const instance of env.modules) {
    for (const block of instance.mod.resources) env.resources.push(...(await expand(instance, block, 'resource')));
    for (const block of instance.mod.data) env.resources.push(...(await expand(instance, block, 'data')));
  }
  return env;
}

async function addModule(env: Environment, instance: ModuleInstance): Promise<void> {
  env.modules.push(instance);
  for (const [callName, call] of instance.mod.moduleCalls) {
    const address = `${instance.prefix}module.${callName}`;
    const problem = (message: string): void => {
      env.problems.push({ ruleId: 'FDE_MOD_005', env: env.name, address, file: call.file, line: call.line, message });
    };
    const source = call.body.source;
    if (typeof source !== 'string' || !/^\.\.?\//.test(source)) {
      problem(`module source ${JSON.stringify(source)} is not a local path, so it cannot be checked offline`);
      continue;
    }
    if ('count' in call.body || 'for_each' in call.body) {
      problem('module calls with count or for_each are not followed by the checker');
      continue;
    }
    let mod: TfModule;
    try {
      mod = await loadModule(path.resolve(instance.mod.dir, source));
    } catch (err) {
      if (!(err instanceof TfLoadError)) throw err;
      problem(err.message);
      continue;
    }
    const child = new ModuleInstance(address, mod, env.name, { instance, call });
    instance.children.set(callName, child);
    await addModule(env, child);
  }
}

async function expand(instance: ModuleInstance, block: Block, kind: 'resource' | 'data'): Promise<ResourceInstance[]> {
  const [type = '', name = ''] = block.labels;
  const base = `${instance.prefix}${kind === 'data' ? 'data.' : ''}${type}.${name}`;
  const make = (address: string, it: Iteration): ResourceInstance =>
    ({ address, kind, type, name, block, module: instance, scope: instance.scope(it) });
  if ('for_each' in block.body) {
    const collection = await evaluateJson(block.body.for_each, instance.scope());
    if (Array.isArray(collection)) {
      return collection.map((item) => make(`${base}[${JSON.stringify(item)}]`, { each: { key: item, value: item } }));
    }
    if (isObject(collection)) {
      return Object.entries(collection).map(([k, v]) => make(`${base}[${JSON.stringify(k)}]`, { each: { key: k, value: v } }));
    }
    const reason = collection instanceof Unresolved ? collection.reason : 'for_each is not a collection';
    const unknown = new Unresolved(`for_each not known offline: ${reason}`);
    return [make(`${base}[*]`, { each: { key: unknown, value: unknown } })];
  }
  if ('count' in block.body) {
    const count = await evaluateJson(block.body.count, instance.scope());
    if (typeof count === 'number') return Array.from({ length: count }, (_, i) => make(`${base}[${i}]`, { countIndex: i }));
    return [make(`${base}[*]`, { countIndex: new Unresolved('count not known offline') })];
  }
  return [make(base, {})];
}
