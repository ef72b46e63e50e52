// Turns hcl2json's expression strings into syntax trees (parsed by hcl2json's HCL parser).
import { getExpressionAst } from '@cdktf/hcl2json';

/** The part of hcl2json's syntax tree the evaluator reads. */
export interface AstNode {
  type: string;
  meta: Record<string, unknown>;
  children: AstNode[];
}

const cache = new Map<string, Promise<AstNode>>();

export const hasInterpolation = (text: string): boolean => text.includes('${');

/**
 * Parses a string value from hcl2json. hcl2json hands every expression back as template text
 * ("${var.x}", "abc-${local.y}"); it becomes a quoted HCL template again, with the literal
 * parts escaped, and hcl2json parses that into a tree.
 */
export function parseTemplate(text: string): Promise<AstNode> {
  let pending = cache.get(text);
  if (!pending) {
    pending = getExpressionAst('expression.tf', quoteTemplate(text)).then((ast) => {
      if (!ast) throw new Error(`empty expression: ${text}`);
      return ast as unknown as AstNode;
    });
    cache.set(text, pending);
  }
  return pending;
}

/** Parses a bare expression (an object item's value, which hcl2json gives as source text). */
export function parseExpression(text: string): Promise<AstNode> {
  return parseTemplate(`\${${text}}`);
}

/** Wraps template text in quotes, escaping only the literal parts outside `${...}`. */
export function quoteTemplate(text: string): string {
  let out = '"';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (depth === 0) {
      if (ch === '$' && text[i + 1] === '{') {
        depth = 1;
        out += '${';
        i++;
      } else if (ch === '\\') out += '\\\\';
      else if (ch === '"') out += '\\"';
      else if (ch === '\n') out += '\\n';
      else out += ch;
    } else {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      out += ch;
    }
  }
  return out + '"';
}
