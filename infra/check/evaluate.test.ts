import { describe, expect, it } from 'vitest';
import type { EvalScope } from './evaluate';
import { evaluateJson, getPath } from './evaluate';
import { quoteTemplate } from './expression';
import type { Value } from './values';
import { Unresolved, symbol } from './values';

/** A scope with fixed variables; resource references become symbols like the real scope's. */
function scopeWith(vars: Record<string, Value>): EvalScope {
  return {
    async resolve(parts) {
      const [head, name] = parts.map((p) => String(p.key));
      if (head === 'var') return name && name in vars ? getPath(vars[name] as Value, parts.slice(2)) : new Unresolved(`var.${name}`);
      if (head === 'azurerm_storage_account') return symbol(`azurerm_storage_account.${name}`, parts.slice(2).map((p) => `.${p.key}`).join(''));
      return new Unresolved(`unknown ${head}`);
    },
  };
}

describe('evaluateJson', () => {
  const scope = scopeWith({ env: 'prod', days: 14, on: true, m: { a: { id: 'x' } } });

  it('keeps literals and evaluates templates and conditionals', async () => {
    expect(await evaluateJson('TLS1_2', scope)).toBe('TLS1_2');
    expect(await evaluateJson('fde${var.env}lake', scope)).toBe('fdeprodlake');
    expect(await evaluateJson('${var.env == "prod" ? "GZRS" : "LRS"}', scope)).toBe('GZRS');
    expect(await evaluateJson('${var.days >= 7 && !false}', scope)).toBe(true);
    expect(await evaluateJson('${var.m["a"].id}', scope)).toBe('x');
    expect(await evaluateJson('${toset(["b", "a", "b"])}', scope)).toEqual(['b', 'a']);
    expect(await evaluateJson('${{ k = var.days, "q-r" = [1, 2] }}', scope)).toEqual({ k: 14, 'q-r': [1, 2] });
  });

  it('keeps references to attributes known after apply as symbols', async () => {
    expect(await evaluateJson('${azurerm_storage_account.lake.id}/blobServices/default', scope))
      .toBe('«azurerm_storage_account.lake».id/blobServices/default');
    expect(await evaluateJson('${azurerm_storage_account.lake.id == null}', scope)).toBe(false);
  });

  it('returns Unresolved for what it cannot know, and never guesses', async () => {
    expect(await evaluateJson('${var.missing}', scope)).toBeInstanceOf(Unresolved);
    expect(await evaluateJson('${can(var.env)}', scope)).toBeInstanceOf(Unresolved);
    expect(await evaluateJson('${var.missing ? false : true}', scope)).toBeInstanceOf(Unresolved);
    expect(await evaluateJson('${azurerm_storage_account.lake.name == "x"}', scope)).toBeInstanceOf(Unresolved);
    expect(await evaluateJson('${[for x in var.m : x]}', scope)).toBeInstanceOf(Unresolved);
  });
});

describe('quoteTemplate', () => {
  it('escapes literal quotes and newlines but leaves interpolations alone', () => {
    expect(quoteTemplate('a = "${var.x == "y" ? 1 : 2}"\n')).toBe('"a = \\"${var.x == "y" ? 1 : 2}\\"\\n"');
  });
});
