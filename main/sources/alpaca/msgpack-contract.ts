/**
 * A contract checked on msgpack bytes. The rules are derived from the contract's JSON Schema (the
 * one zod generates and ajv compiles): required keys, numeric bounds and integer-ness, string
 * patterns, string-array limits, and RFC 3339 timestamps carried as msgpack extension -1. A
 * message is accepted only when every rule holds on a representation this reader understands;
 * anything else (a missing or repeated key, an unexpected wire type, a value outside a rule)
 * returns false and the caller decodes the message in full and runs the compiled validator,
 * which also gives the quarantine reason. So this reader never accepts what the contract
 * refuses, and the rows it yields equal those of the full decode (both are tested on random
 * and hostile input).
 *
 * Strings are not made per message: each distinct encoded value is decoded and checked once
 * (ByteInterner) and then stands for its number in a StringDictionary.
 */
import { ByteInterner } from './byte-interner';
import { skipValue } from './msgpack-frame';
import { StringDictionary } from './string-dictionary';

/** The subset of JSON Schema (draft 7) that a flat message contract uses. */
export interface JsonSchemaNode {
  type?: string;
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  minItems?: number;
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: unknown;
}

/** Object-level keywords the reader honours; any other (say additionalProperties: false) means no reader. */
const OBJECT_KEYS = new Set(['$schema', 'type', 'properties', 'required', 'additionalProperties']);

/** The contracts' timestamp rule; ext -1 values decode to strings matching it (years 1970-2514 here). */
export const RFC3339_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$';

const UNSEEN = -2;
const K_CONST = 0;
const K_STRING = 1;
const K_NUMBER = 2;
const K_STRINGS = 3;
const K_TIMESTAMP = 4;

interface FieldRule {
  name: string;
  kind: number;
  /** K_CONST: the expected value. */
  constant?: string;
  /** K_NUMBER bounds (inclusive low/high plus exclusive flags). */
  low: number;
  lowExclusive: boolean;
  high: number;
  highExclusive: boolean;
  integer: boolean;
  /** K_STRING / K_STRINGS: values seen, and the dictionary of accepted ones. */
  interner?: ByteInterner;
  dictionary?: StringDictionary;
  /** K_STRING: one-character values by byte (exchange and tape codes), -2 = not seen yet. */
  single?: Int32Array;
}

const NUMBER_KEYS = new Set(['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
const STRING_KEYS = new Set(['type', 'pattern']);
const ARRAY_KEYS = new Set(['type', 'items', 'maxItems', 'minItems']);

/** A rule with no numeric bounds (constants, strings, timestamps). */
const unbounded = (name: string, kind: number): FieldRule => ({ name, kind, low: 0, lowExclusive: false, high: 0, highExclusive: false, integer: false });

const onlyKeys = (node: object, allowed: Set<string>): boolean => Object.keys(node).every((k) => allowed.has(k));

/** A byte sequence is one msgpack str of plain ASCII: its text, else undefined. */
function asciiString(bytes: Buffer, pos: number): { text: string; next: number } | undefined {
  const h = bytes[pos];
  if (h === undefined) return undefined;
  let len: number;
  let start: number;
  if (h >= 0xa0 && h <= 0xbf) [len, start] = [h & 0x1f, pos + 1];
  else if (h === 0xd9 && pos + 1 < bytes.length) [len, start] = [bytes[pos + 1]!, pos + 2];
  else return undefined;
  if (start + len > bytes.length) return undefined;
  // Non-ASCII goes the slow way: UTF-8 decoding of odd bytes must match the full decoder exactly.
  for (let i = start; i < start + len; i++) if (bytes[i]! > 0x7e || bytes[i]! < 0x20) return undefined;
  return { text: bytes.toString('latin1', start, start + len), next: start + len };
}

function stringRule(name: string, node: JsonSchemaNode): FieldRule | undefined {
  if (!onlyKeys(node, STRING_KEYS) || node.pattern === undefined) return undefined;
  if (node.pattern === RFC3339_PATTERN) return unbounded(name, K_TIMESTAMP);
  const re = new RegExp(node.pattern, 'u');
  const rule: FieldRule = { ...unbounded(name, K_STRING), dictionary: new StringDictionary(), single: new Int32Array(256).fill(UNSEEN) };
  rule.interner = new ByteInterner((bytes) => {
    const s = asciiString(bytes, 0);
    return s && s.next === bytes.length && re.test(s.text) ? rule.dictionary!.id(s.text) : -1;
  });
  return rule;
}

function stringsRule(name: string, node: JsonSchemaNode): FieldRule | undefined {
  const items = node.items;
  if (!onlyKeys(node, ARRAY_KEYS) || !items || items.type !== 'string' || !onlyKeys(items, STRING_KEYS) || items.pattern === undefined) return undefined;
  const re = new RegExp(items.pattern, 'u');
  const max = node.maxItems ?? Infinity;
  const min = node.minItems ?? 0;
  const rule: FieldRule = { ...unbounded(name, K_STRINGS), dictionary: new StringDictionary() };
  rule.interner = new ByteInterner((bytes) => {
    const h = bytes[0]!;
    if (h < 0x90 || h > 0x9f) return -1;
    const n = h & 0x0f;
    if (n > max || n < min) return -1;
    const parts: string[] = [];
    let pos = 1;
    for (let i = 0; i < n; i++) {
      const s = asciiString(bytes, pos);
      if (!s || !re.test(s.text)) return -1;
      parts.push(s.text);
      pos = s.next;
    }
    return pos === bytes.length ? rule.dictionary!.id(parts.join(',')) : -1;
  });
  return rule;
}

function numberRule(name: string, node: JsonSchemaNode): FieldRule | undefined {
  if (!onlyKeys(node, NUMBER_KEYS)) return undefined;
  const lowEx = node.exclusiveMinimum !== undefined && (node.minimum === undefined || node.exclusiveMinimum >= node.minimum);
  const highEx = node.exclusiveMaximum !== undefined && (node.maximum === undefined || node.exclusiveMaximum <= node.maximum);
  return {
    name,
    kind: K_NUMBER,
    low: (lowEx ? node.exclusiveMinimum : node.minimum) ?? -Infinity,
    lowExclusive: lowEx,
    high: (highEx ? node.exclusiveMaximum : node.maximum) ?? Infinity,
    highExclusive: highEx,
    integer: node.type === 'integer',
  };
}

function ruleOf(name: string, node: JsonSchemaNode): FieldRule | undefined {
  if (node.type === 'string' && typeof node.const === 'string' && Object.keys(node).length === 2) {
    return { ...unbounded(name, K_CONST), constant: node.const };
  }
  if (node.type === 'string') return stringRule(name, node);
  if (node.type === 'number' || node.type === 'integer') return numberRule(name, node);
  if (node.type === 'array') return stringsRule(name, node);
  return undefined;
}

/**
 * Reads one message (a msgpack map) against a contract. After read() accepts a message, the
 * field values are in num / ref (by field index, see field()) and the timestamp in sec / nsec.
 */
export class MsgpackContractReader {
  readonly num: Float64Array;
  /** Dictionary number of string and string-list fields; -1 when absent. */
  readonly ref: Int32Array;
  sec = 0;
  nsec = 0;
  private readonly key1 = new Int8Array(256).fill(-1);
  private readonly key2 = new Int8Array(65536).fill(-1);
  private readonly keyByName = new Map<string, number>();
  private readonly requiredMask: number;
  private readonly kinds: Int8Array;

  private constructor(
    private readonly rules: FieldRule[],
    required: string[],
  ) {
    this.num = new Float64Array(rules.length);
    this.ref = new Int32Array(rules.length);
    this.kinds = Int8Array.from(rules.map((r) => r.kind));
    let mask = 0;
    rules.forEach((r, i) => {
      this.keyByName.set(r.name, i);
      if (r.name.length === 1) this.key1[r.name.charCodeAt(0)] = i;
      if (r.name.length === 2) this.key2[(r.name.charCodeAt(0) << 8) | r.name.charCodeAt(1)] = i;
      if (required.includes(r.name)) mask |= 1 << i;
    });
    this.requiredMask = mask;
  }

  /** A reader for a flat object contract, or undefined when its schema uses rules this reader does not know. */
  static compile(schema: JsonSchemaNode): MsgpackContractReader | undefined {
    if (schema.type !== 'object' || !schema.properties || !onlyKeys(schema, OBJECT_KEYS)) return undefined;
    const extra = schema.additionalProperties;
    const unknownKeysAllowed = extra === undefined || extra === true || (typeof extra === 'object' && extra !== null && Object.keys(extra).length === 0);
    if (!unknownKeysAllowed) return undefined; // the reader skips unknown keys
    const rules: FieldRule[] = [];
    for (const [name, node] of Object.entries(schema.properties)) {
      if (!/^[\x20-\x7e]+$/.test(name)) return undefined;
      const rule = ruleOf(name, node);
      if (!rule) return undefined;
      rules.push(rule);
    }
    if (rules.length > 30 || rules.filter((r) => r.kind === K_TIMESTAMP).length > 1) return undefined;
    return new MsgpackContractReader(rules, schema.required ?? []);
  }

  /** Index of a field (for num / ref), by its wire name. */
  field(name: string): number {
    const i = this.keyByName.get(name);
    if (i === undefined) throw new Error(`the contract has no field ${name}`);
    return i;
  }

  /** The dictionary behind a string or string-list field. */
  dictionary(name: string): StringDictionary {
    const d = this.rules[this.field(name)]!.dictionary;
    if (!d) throw new Error(`field ${name} is not a string field`);
    return d;
  }

  /**
   * Starts new, empty dictionaries (between batches, when they grew large): the old ones stay
   * intact for the batch that uses them.
   */
  renewDictionaries(): void {
    for (const r of this.rules) {
      if (!r.dictionary) continue;
      r.dictionary = new StringDictionary();
      r.interner!.clear();
      r.single?.fill(UNSEEN);
    }
  }

  /**
   * Checks the map at pos: returns the position after it when accepted, -1 otherwise (the
   * message may also be cut short or corrupt: every read is bounds-checked).
   */
  read(buf: Buffer, view: DataView, pos: number): number {
    const end = buf.length;
    const h = buf[pos]!;
    let pairs: number;
    // (no destructuring assignments here: the hot loop must not allocate)
    if (h >= 0x80 && h <= 0x8f) {
      pairs = h & 0x0f;
      pos += 1;
    } else if (h === 0xde && pos + 3 <= end) {
      pairs = view.getUint16(pos + 1);
      pos += 3;
    } else return -1;
    const ref = this.ref;
    ref.fill(-1);
    let seen = 0;
    for (let k = 0; k < pairs; k++) {
      if (pos + 2 > end) return -1;
      const kh = buf[pos]!;
      let field: number;
      if (kh === 0xa1) {
        field = this.key1[buf[pos + 1]!]!;
        pos += 2;
      } else if (kh === 0xa2 && pos + 3 <= end) {
        field = this.key2[(buf[pos + 1]! << 8) | buf[pos + 2]!]!;
        pos += 3;
      } else {
        const key = asciiString(buf, pos);
        if (!key) return -1;
        field = this.keyByName.get(key.text) ?? -1;
        pos = key.next;
      }
      if (field < 0) {
        pos = skipUnknown(buf, pos); // unknown keys are allowed by every contract
        if (pos < 0) return -1;
        continue;
      }
      if (seen & (1 << field)) return -1; // repeated key: the full decoder keeps the last
      seen |= 1 << field;
      pos = this.readField(field, buf, view, pos);
      if (pos < 0) return -1;
    }
    return (seen & this.requiredMask) === this.requiredMask ? pos : -1;
  }

  /** Reads one field's value at pos; the position after it, or -1 when refused. */
  private readField(field: number, buf: Buffer, view: DataView, pos: number): number {
    const rule = this.rules[field]!;
    const end = buf.length;
    const h = buf[pos]!;
    switch (this.kinds[field]) {
      case K_CONST: {
        const c = rule.constant!;
        const next = pos + 1 + c.length;
        if (h !== (0xa0 | c.length) || next > end) return -1;
        for (let i = 0; i < c.length; i++) if (buf[pos + 1 + i] !== c.charCodeAt(i)) return -1;
        return next;
      }
      case K_STRING: {
        if (h === 0xa1 && pos + 2 <= end) {
          const byte = buf[pos + 1]!;
          let id = rule.single![byte]!;
          if (id === UNSEEN) rule.single![byte] = id = rule.interner!.lookup(buf, pos, pos + 2);
          this.ref[field] = id;
          return id >= 0 ? pos + 2 : -1;
        }
        const next = h >= 0xa0 && h <= 0xbf ? pos + 1 + (h & 0x1f) : h === 0xd9 && pos + 2 <= end ? pos + 2 + buf[pos + 1]! : -1;
        if (next < 0 || next > end) return -1;
        const id = rule.interner!.lookup(buf, pos, next);
        this.ref[field] = id;
        return id >= 0 ? next : -1;
      }
      case K_STRINGS: {
        if (h < 0x90 || h > 0x9f) return -1;
        let next = pos + 1;
        for (let i = h & 0x0f; i > 0; i--) {
          const item = buf[next];
          if (item === undefined || item < 0xa0 || item > 0xbf) return -1;
          next += 1 + (item & 0x1f);
        }
        if (next > end) return -1;
        const id = rule.interner!.lookup(buf, pos, next);
        this.ref[field] = id;
        return id >= 0 ? next : -1;
      }
      case K_NUMBER: {
        const width = h <= 0x7f || h >= 0xe0 ? 1 : NUMBER_WIDTH[h - 0xc0]!;
        if (width === 0 || pos + width > end) return -1;
        const v = readNumber(buf, view, pos);
        this.num[field] = v;
        if (!(rule.lowExclusive ? v > rule.low : v >= rule.low)) return -1; // also refuses NaN
        if (!(rule.highExclusive ? v < rule.high : v <= rule.high)) return -1;
        if (rule.integer ? !Number.isInteger(v) : !Number.isFinite(v)) return -1;
        return pos + width;
      }
      case K_TIMESTAMP:
        return this.readTimestamp(buf, view, pos);
      default:
        return -1;
    }
  }

  /** Extension -1 in its 32-, 64- and 96-bit forms; seconds limited to [0, 2^34). */
  private readTimestamp(buf: Buffer, view: DataView, pos: number): number {
    const h = buf[pos];
    const end = buf.length;
    if (h === 0xd6 && buf[pos + 1] === 0xff && pos + 6 <= end) {
      this.sec = view.getUint32(pos + 2);
      this.nsec = 0;
      return pos + 6;
    }
    if (h === 0xd7 && buf[pos + 1] === 0xff && pos + 10 <= end) {
      const hi = view.getUint32(pos + 2);
      this.sec = (hi & 3) * 4294967296 + view.getUint32(pos + 6);
      this.nsec = hi >>> 2;
      return this.nsec < 1e9 ? pos + 10 : -1;
    }
    if (h === 0xc7 && buf[pos + 1] === 12 && buf[pos + 2] === 0xff && pos + 15 <= end) {
      this.nsec = view.getUint32(pos + 3);
      const secHi = view.getUint32(pos + 7);
      this.sec = secHi * 4294967296 + view.getUint32(pos + 11);
      return secHi < 4 && this.nsec < 1e9 ? pos + 15 : -1;
    }
    return -1;
  }
}

/** Bytes taken by a number by its type byte (0xc0..0xdf); 0 = not a number this reader reads. */
const NUMBER_WIDTH = new Uint8Array(32);
for (const [t, w] of [[0xca, 5], [0xcb, 9], [0xcc, 2], [0xcd, 3], [0xce, 5], [0xcf, 9], [0xd0, 2], [0xd1, 3], [0xd2, 5], [0xd3, 9]] as const) NUMBER_WIDTH[t - 0xc0] = w;

function skipUnknown(buf: Buffer, pos: number): number {
  try {
    return skipValue(buf, pos, 0);
  } catch {
    return -1;
  }
}

/** A msgpack number as the full decoder yields it (64-bit ints only when exact); NaN otherwise. */
function readNumber(buf: Buffer, view: DataView, pos: number): number {
  const h = buf[pos]!;
  if (h <= 0x7f) return h;
  if (h >= 0xe0) return h - 256;
  switch (h) {
    case 0xcb:
      return view.getFloat64(pos + 1);
    case 0xca:
      return view.getFloat32(pos + 1);
    case 0xcc:
      return buf[pos + 1]!;
    case 0xcd:
      return view.getUint16(pos + 1);
    case 0xce:
      return view.getUint32(pos + 1);
    case 0xcf: {
      const hi = view.getUint32(pos + 1);
      return hi < 0x200000 ? hi * 4294967296 + view.getUint32(pos + 5) : NaN;
    }
    case 0xd0:
      return view.getInt8(pos + 1);
    case 0xd1:
      return view.getInt16(pos + 1);
    case 0xd2:
      return view.getInt32(pos + 1);
    case 0xd3: {
      const hi = view.getInt32(pos + 1);
      return hi < 0x200000 && hi > -0x200000 ? hi * 4294967296 + view.getUint32(pos + 5) : NaN;
    }
    default:
      return NaN;
  }
}
