import type { AdjustableClock } from './clock';
import { nowSeconds } from './clock';
import { CallbackDispatcher, type DispatcherOptions } from './callbacks/dispatcher';
import type { CallbackTarget } from './callbacks/push';
import { changeExternalChatXml } from './callbacks/xml';
import { ClientState } from './client-api/client-state';
import { CallCounter } from './control/calls';
import { FaultStore } from './control/faults';
import { corpApps, type DemoCorpConfig, type SimApp } from './corp/config';
import { DEMO_DEFAULT_USER, demoSeed } from './corp/demo-seed';
import { CorpDirectory } from './corp/directory';
import { corpSeedSchema, type CorpSeed } from './corp/schema';
import { TicketStore } from './credentials/tickets';
import { TokenStore } from './credentials/tokens';
import { JoinWayStore } from './groups/join-ways';
import type { GroupEvent } from './groups/model';
import { GroupStore } from './groups/store';
import { OAuthCodes, type SignedInPerson } from './oauth/codes';
import { DEFAULT_TRUSTED_ORIGINS, type SimSettings } from './settings';

export interface SimStateOptions {
  clock: AdjustableClock;
  corp: DemoCorpConfig;
  callback?: CallbackTarget;
  trustedOrigins?: string[];
  dispatcher?: DispatcherOptions;
}

/**
 * Everything the simulated platform knows. Routes read it through this object on every
 * request, because `reset` and `loadSeed` replace the parts.
 */
export class SimState {
  readonly clock: AdjustableClock;
  readonly corp: DemoCorpConfig;
  readonly apps: SimApp[];
  readonly calls = new CallCounter();
  readonly faults = new FaultStore();
  readonly callbacks: CallbackDispatcher;
  private baseline: CorpSeed;

  directory!: CorpDirectory;
  groups!: GroupStore;
  joinWays!: JoinWayStore;
  tokens!: TokenStore;
  tickets!: TicketStore;
  codes!: OAuthCodes;
  session!: SignedInPerson;
  settings!: SimSettings;
  client!: ClientState;

  constructor(private readonly options: SimStateOptions) {
    this.clock = options.clock;
    this.corp = options.corp;
    this.apps = corpApps(options.corp);
    this.callbacks = new CallbackDispatcher(options.dispatcher);
    this.baseline = corpSeedSchema.parse(demoSeed());
    this.reset();
  }

  /** Back to the baseline seed: clears tokens, tickets, quotas, codes, faults, calls and clock offset. */
  reset(): void {
    this.clock.resetOffset();
    this.callbacks.cancelAll();
    this.faults.clear();
    this.calls.reset();
    this.tokens = new TokenStore(this.clock);
    this.tickets = new TicketStore(this.clock, this.corp.corpId);
    this.codes = new OAuthCodes(this.clock);
    this.client = new ClientState();
    this.settings = {
      customerContactEnabled: true,
      trustedOrigins: this.options.trustedOrigins ?? DEFAULT_TRUSTED_ORIGINS,
      callback: this.options.callback ?? null,
      groupReadLagMs: 0,
    };
    this.installCorpData(this.baseline);
  }

  /** Replaces the corp's data; it also becomes what `reset` returns to. */
  loadSeed(seed: CorpSeed): void {
    this.baseline = seed;
    this.installCorpData(seed);
  }

  app(agentId: string): SimApp | undefined {
    return this.apps.find((a) => a.agentId === agentId);
  }

  private installCorpData(seed: CorpSeed): void {
    this.directory = new CorpDirectory(seed);
    this.groups = new GroupStore(structuredClone(seed.groups), this.directory, this.clock, (e) => this.onGroupEvent(e));
    this.joinWays = new JoinWayStore(structuredClone(seed.joinWays));
    this.client = new ClientState();
    const fallback = this.directory.staff(DEMO_DEFAULT_USER) ? DEMO_DEFAULT_USER : seed.staff[0]?.userId;
    this.session = { userId: fallback ?? DEMO_DEFAULT_USER };
  }

  /** WeCom reports client-side changes of customer groups to the app's callback URL. */
  private onGroupEvent(event: GroupEvent): void {
    const target = this.settings.callback;
    if (!target || event.group.kind !== 'customer') return;
    const timestamp = nowSeconds(this.clock);
    const message = changeExternalChatXml(this.corp.corpId, timestamp, event);
    this.callbacks.send({ corpId: this.corp.corpId, agentId: this.corp.agentId, target, timestamp }, message);
  }
}
