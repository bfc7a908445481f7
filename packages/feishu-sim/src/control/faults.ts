/**
 * Injected failures for `/open-apis` calls, consumed per matching call in the order added.
 *
 * - `code`: answer that Feishu code (HTTP `httpStatus`, default 400) without running the call:
 *   232068 (group being created), 232019 (rate limited), …
 * - `http429`: HTTP 429, code 99991400 and `x-ogw-ratelimit-reset` (the gateway's throttle).
 * - `httpStatus` alone: a bare 5xx/4xx with a text body (an upstream outage).
 * - `lostAnswer`: the call RUNS (the chat is created) but its answer never arrives: the socket
 *   is destroyed (`'socket'`) or a gateway 504 is sent instead (`504`).
 * - `latencyMs`: delay first (combines with the others).
 */
export interface FaultSpec {
  /** Endpoint key as counted: `POST /open-apis/im/v1/chats`, `* /open-apis/im/v1/chats/:chat_id/members`; a trailing `*` matches a prefix. */
  endpoint: string;
  code?: number;
  httpStatus?: number;
  http429?: { resetSeconds: number };
  lostAnswer?: 'socket' | 504;
  latencyMs?: number;
  /** How many matching calls it affects; unlimited when omitted. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number | null;
}

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
  take(key: string): Fault | undefined {
    const fault = this.faults.find((f) => matches(f.endpoint, key));
    if (!fault) return undefined;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }
}

/** `*` as the method matches any method; a trailing `*` matches any path with that prefix. */
function matches(pattern: string, key: string): boolean {
  const [pMethod = '', pPath = ''] = pattern.split(' ');
  const [kMethod = '', kPath = ''] = key.split(' ');
  if (pMethod !== '*' && pMethod.toUpperCase() !== kMethod) return false;
  return pPath.endsWith('*') ? kPath.startsWith(pPath.slice(0, -1)) : pPath === kPath;
}
