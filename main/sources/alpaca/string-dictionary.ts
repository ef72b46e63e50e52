/** Distinct strings numbered in order of first appearance (a Parquet dictionary column's values). */
export class StringDictionary {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The number of value, adding it when new. */
  id(value: string): number {
    let n = this.index.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(value);
      this.index.set(value, n);
    }
    return n;
  }
}
