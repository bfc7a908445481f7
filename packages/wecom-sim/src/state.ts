import type { AdjustableClock } from './clock';
import { nowSeconds } from './clock';
import { CallbackDispatcher, type DispatcherOptions } from './callbacks/dispatcher';
import type { CallbackTarget } from './callbacks/push';
import { changeExternalChatXml, deleteUserXml } from './callbacks/xml';
import { ClientState } from './client-api/client-state';
import { CallCounter } from './control/calls';
import { FaultStore } from './control/faults';
import { corpApps, type DemoCorpConfig, type SimApp } from './corp/config';
import { DEMO_DEFAULT_USER, demoSeed } from './corp/demo-seed';
import { CorpDirectory } from './corp/directory';
import { corpSeedSchema, type CorpSeed, type CorpSeedInput } from './corp/schema';
import { TicketStore } from './credentials/tickets';
import { TokenStore } from './credentials/tokens';
import { JoinWayStore } from './groups/join-ways';
import type { GroupEvent } from './groups/model';
import { GroupStore } from './groups/store';
import { TransferFaults } from './groups/transfer';
import { OAuthCodes, type SignedInPerson } from './oauth/codes';
import { PersistFile } from './persistence/file';
import { buildSnapshot, parseSnapshot } from './persistence/snapshot';
import { DEFAULT_TRUSTED_ORIGINS, type SimSettings } from './settings';

export interface SimStateOptions {
  clock: AdjustableClock;
  corp: DemoCorpConfig;
  callback?: CallbackTarget;
  trustedOrigins?: string[];
  dispatcher?: DispatcherOptions;
  /** The corp at creation and after reset (default: `demoSeed()`). */
  seed?: CorpSeedInput;
  /** Keep the corp's mutable data in this JSON file (demo mode). */
  persistFile?: string;
  persistDebounceMs?: number;
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
  readonly transferFaults = new TransferFaults();
  readonly callbacks: CallbackDispatcher;
  readonly persistence: PersistFile | undefined;
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
    this.baseline = corpSeedSchema.parse(options.seed ?? demoSeed());
    this.persistence = options.persistFile
      ? new PersistFile({ path: options.persistFile, debounceMs: options.persistDebounceMs })
      : undefined;
    this.resetRuntime();
    this.installCorpData(this.baseline);
    this.restorePersisted();
  }

  /**
   * Back to the baseline seed: clears tokens, tickets, quotas, codes, faults, calls and clock
   * offset, and deletes the persisted corp.
   */
  reset(): void {
    this.resetRuntime();
    this.installCorpData(this.baseline);
    this.persistence?.discard();
  }

  /** Replaces the corp's data; it also becomes what `reset` returns to. */
  loadSeed(seed: CorpSeed): void {
    this.baseline = seed;
    this.installCorpData(seed);
    this.changed();
  }

  app(agentId: string): SimApp | undefined {
    return this.apps.find((a) => a.agentId === agentId);
  }

  /** A member leaves the corp: WeCom tells the app with `change_contact` / delete_user. */
  resignStaff(userId: string): number {
    const at = nowSeconds(this.clock);
    this.directory.resign(userId, at);
    this.pushCallback(deleteUserXml(this.corp.corpId, at, userId), at);
    this.changed();
    return at;
  }

  /** Writes pending persisted changes now (shutdown, tests). */
  flushPersisted(): void {
    this.persistence?.flush();
  }

  /** The corp's mutable data changed: save it (debounced) when persisting. */
  changed(): void {
    this.persistence?.schedule(() =>
      buildSnapshot({
        groups: this.groups.list(),
        joinWays: this.joinWays.snapshot(),
        resigned: this.directory.resignations(),
        savedAt: new Date(this.clock.now()),
      }),
    );
  }

  private resetRuntime(): void {
    this.clock.resetOffset();
    this.callbacks.cancelAll();
    this.faults.clear();
    this.transferFaults.clear();
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
  }

  private installCorpData(seed: CorpSeed): void {
    const changed = () => this.changed();
    this.directory = new CorpDirectory(seed);
    this.groups = new GroupStore(
      structuredClone(seed.groups),
      this.directory,
      this.clock,
      (e) => this.onGroupEvent(e),
      changed,
    );
    this.joinWays = new JoinWayStore(structuredClone(seed.joinWays), changed);
    this.client = new ClientState();
    const fallback = this.directory.staff(DEMO_DEFAULT_USER) ? DEMO_DEFAULT_USER : seed.staff[0]?.userId;
    this.session = { userId: fallback ?? DEMO_DEFAULT_USER };
  }

  /** Demo mode: the groups, join ways and departures of the last run, if saved and still valid. */
  private restorePersisted(): void {
    const raw = this.persistence?.read();
    if (raw === undefined) return;
    const snapshot = parseSnapshot(raw, this.directory);
    if ('problem' in snapshot) {
      console.warn(`[wecom-sim] ignoring ${this.persistence?.path}: ${snapshot.problem}`);
      return;
    }
    this.groups.restore(snapshot.groups);
    this.joinWays.restore(snapshot.joinWays);
    for (const [userId, at] of Object.entries(snapshot.resigned)) this.directory.resign(userId, at);
  }

  /** WeCom reports client-side changes of customer groups to the app's callback URL. */
  private onGroupEvent(event: GroupEvent): void {
    this.changed();
    if (event.group.kind !== 'customer') return;
    const timestamp = nowSeconds(this.clock);
    this.pushCallback(changeExternalChatXml(this.corp.corpId, timestamp, event), timestamp);
  }

  /** Through the encrypted, retrying dispatcher, when a callback URL is set. */
  private pushCallback(message: string, timestamp: number): void {
    const target = this.settings.callback;
    if (!target) return;
    this.callbacks.send({ corpId: this.corp.corpId, agentId: this.corp.agentId, target, timestamp }, message);
  }
}
