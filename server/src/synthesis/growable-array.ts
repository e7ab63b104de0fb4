// A Uint32Array that grows by doubling: the compact, pointer-free storage the million-row synthesis indexes are
// built from (near-duplicate-index.ts). A JavaScript array of numbers or a Set per problem costs several times
// the bytes and gives the garbage collector millions of objects to trace; one typed buffer costs 4 bytes a value.
export class GrowableUint32 {
  private data: Uint32Array;
  private n = 0;

  constructor(initial = 1024) {
    this.data = new Uint32Array(Math.max(1, initial));
  }

  get length(): number {
    return this.n;
  }

  /** Bytes reserved (capacity, not length), which is what memory use is. */
  get bytes(): number {
    return this.data.byteLength;
  }

  private reserve(extra: number): void {
    if (this.n + extra <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const next = new Uint32Array(cap);
    next.set(this.data.subarray(0, this.n));
    this.data = next;
  }

  push(v: number): void {
    this.reserve(1);
    this.data[this.n++] = v;
  }

  pushAll(values: Uint32Array): void {
    this.reserve(values.length);
    this.data.set(values, this.n);
    this.n += values.length;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  /** A view of [start, end) without copying; valid until the next push. */
  view(start: number, end: number): Uint32Array {
    return this.data.subarray(start, end);
  }
}
