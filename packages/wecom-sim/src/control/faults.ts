export interface FaultSpec {
  /** Exact endpoint path (`/cgi-bin/gettoken`), or a prefix ending in `*` (`/cgi-bin/externalcontact/*`). */
  path: string;
  errcode?: number;
  httpStatus?: number;
  latencyMs?: number;
  /** How many matching calls it affects; unlimited when omitted. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number | null;
}

/** Injected failures, consumed per matching call in the order they were added. */
export class FaultStore {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.times ?? null };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that applies to this call, if any; counts it as used. */
  take(path: string): Fault | undefined {
    const fault = this.faults.find((f) => matches(f.path, path));
    if (!fault) return undefined;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}
