/** A bounded byte ring: a terminal's scrollback, replayed to a client that reattaches. */
export class RingBuffer {
  private readonly buf: Buffer;
  private start = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error('A ring buffer needs a positive integer capacity.');
    this.buf = Buffer.alloc(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Appends bytes, overwriting the oldest ones when full. */
  write(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length >= this.capacity) {
      chunk.copy(this.buf, 0, chunk.length - this.capacity);
      this.start = 0;
      this.length = this.capacity;
      return;
    }
    const end = (this.start + this.length) % this.capacity;
    const first = Math.min(chunk.length, this.capacity - end);
    chunk.copy(this.buf, end, 0, first);
    if (first < chunk.length) chunk.copy(this.buf, 0, first);
    const overflow = this.length + chunk.length - this.capacity;
    if (overflow > 0) {
      this.start = (this.start + overflow) % this.capacity;
      this.length = this.capacity;
    } else {
      this.length += chunk.length;
    }
  }

  /** The buffered bytes, oldest first (a copy). */
  read(): Buffer {
    const end = this.start + this.length;
    if (end <= this.capacity) return Buffer.from(this.buf.subarray(this.start, end));
    return Buffer.concat([this.buf.subarray(this.start), this.buf.subarray(0, end - this.capacity)]);
  }

  clear(): void {
    this.start = 0;
    this.length = 0;
  }
}
