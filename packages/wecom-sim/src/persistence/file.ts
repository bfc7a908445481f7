import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomHex } from '../credentials/random';

export interface PersistFileOptions {
  path: string;
  /** Changes within this window are written once. */
  debounceMs?: number;
}

/**
 * One JSON file, written after changes: debounced, and atomically (a temp file in the same
 * folder, then rename), so a crash mid-write leaves the previous version rather than half a
 * file. Writes are synchronous: demo data is small and it keeps `discard` free of races.
 */
export class PersistFile {
  readonly path: string;
  private readonly debounceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private produce: (() => unknown) | undefined;

  constructor(options: PersistFileOptions) {
    this.path = options.path;
    this.debounceMs = options.debounceMs ?? 250;
  }

  /** The saved JSON, undefined when there is none or it does not parse. */
  read(): unknown {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      console.warn(`[wecom-sim] ${this.path} is not valid JSON; starting from the seed`);
      return undefined;
    }
  }

  /** Asks for a write of `produce()` once the debounce window has passed. */
  schedule(produce: () => unknown): void {
    this.produce = produce;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
    // A pending write must not keep the process alive; close() flushes it.
    this.timer.unref();
  }

  /** Writes a pending change now (tests, shutdown). */
  flush(): void {
    this.clearTimer();
    const produce = this.produce;
    this.produce = undefined;
    if (!produce) return;
    try {
      this.write(produce());
    } catch (error) {
      console.error(`[wecom-sim] could not save ${this.path}`, error);
    }
  }

  /** Drops a pending write and deletes the file (reset). */
  discard(): void {
    this.clearTimer();
    this.produce = undefined;
    rmSync(this.path, { force: true });
  }

  private write(data: unknown): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${randomHex(6)}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
      renameSync(temp, this.path);
    } finally {
      rmSync(temp, { force: true });
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
