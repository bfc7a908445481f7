/** Calls per endpoint path, so tests can assert e.g. that gettoken was cached. */
export class CallCounter {
  private counts = new Map<string, number>();

  record(path: string): void {
    this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts = new Map();
  }
}
