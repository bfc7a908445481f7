import type { SimClock } from '../clock';
import { randomId } from './random';
import { CREDENTIAL_TTL_S } from './tokens';
import { WindowQuota } from './quota';

export type TicketKind = 'corp' | 'agent';

export interface TicketRecord {
  ticket: string;
  expiresAt: number;
}

/** Hourly ticket limits: 400 per corp, 100 per app [platform-facts §2]. */
export const CORP_TICKET_LIMIT_PER_HOUR = 400;
export const AGENT_TICKET_LIMIT_PER_HOUR = 100;

/**
 * JS-SDK tickets. The corp ticket (get_jsapi_ticket) is one per corp, the agent ticket
 * (ticket/get?type=agent_config) one per app. Whether different apps of one corp receive the
 * same corp ticket is UNCONFIRMED; we keep one per corp so either app's signature verifies.
 *
 * Quota: corp-ticket fetches count against the corp (400/h), agent-ticket fetches against
 * the app (100/h). Documented: "400 per corp and 100 per app". UNCONFIRMED: whether agent
 * tickets also count toward the corp's 400, and whether corp tickets count toward an app's 100;
 * we count neither.
 */
export class TicketStore {
  private readonly current = new Map<string, TicketRecord>();
  private readonly corpQuota: WindowQuota;
  private readonly appQuota: WindowQuota;

  constructor(
    private readonly clock: SimClock,
    private readonly corpId: string,
  ) {
    this.corpQuota = new WindowQuota(clock, CORP_TICKET_LIMIT_PER_HOUR);
    this.appQuota = new WindowQuota(clock, AGENT_TICKET_LIMIT_PER_HOUR);
  }

  /** A fetch: counts against the quota, returns the current ticket or a new one, or `quota`. */
  fetch(kind: TicketKind, agentId: string): TicketRecord | 'quota' {
    const allowed = kind === 'corp' ? this.corpQuota.tryConsume(this.corpId) : this.appQuota.tryConsume(agentId);
    if (!allowed) return 'quota';
    const valid = this.valid(kind, agentId);
    if (valid) return valid;
    const record = { ticket: randomId(64), expiresAt: this.clock.now() + CREDENTIAL_TTL_S * 1000 };
    this.current.set(this.key(kind, agentId), record);
    return record;
  }

  /** The ticket a client would check a signature against right now, if any. */
  valid(kind: TicketKind, agentId: string): TicketRecord | undefined {
    const record = this.current.get(this.key(kind, agentId));
    return record && record.expiresAt > this.clock.now() ? record : undefined;
  }

  private key(kind: TicketKind, agentId: string): string {
    return kind === 'corp' ? `corp:${this.corpId}` : `agent:${agentId}`;
  }
}
