import { TenantTokenStore } from './auth/tokens';
import { ChatStore } from './chats/store';
import type { AdjustableClock } from './clock';
import { CallCounter } from './control/calls';
import { FaultStore } from './control/faults';
import { CreateRateMeter } from './control/rate';
import { EventDispatcher, type DeliveryOptions, type PushTarget } from './events/dispatcher';
import type { EnvelopeContext } from './events/envelopes';
import { MessageLog } from './messages/store';
import type { FeishuSimSettings } from './settings';
import { demoFeishuSeed, DEMO_FEISHU } from './tenant/demo';
import { Directory } from './tenant/directory';
import { BotReach } from './tenant/reach';
import { feishuSeedSchema, type FeishuSeed } from './tenant/schema';

export interface FeishuSimStateOptions {
  clock: AdjustableClock;
  seed?: FeishuSeed;
  settings?: Partial<FeishuSimSettings>;
  delivery?: DeliveryOptions;
}

/** Defaults: events go nowhere until an URL is set; encrypted with the demo key once it is. */
export function defaultSettings(overrides: Partial<FeishuSimSettings> = {}): FeishuSimSettings {
  return {
    eventUrl: null,
    encryptKey: DEMO_FEISHU.encryptKey,
    verificationToken: DEMO_FEISHU.verificationToken,
    externalSharing: true,
    memberAddDurationMs: 50,
    ...overrides,
  };
}

/**
 * Everything the simulated platform knows. Routes read it through this object on every
 * request, because `reset` and `loadSeed` replace the parts.
 */
export class FeishuSimState {
  readonly clock: AdjustableClock;
  readonly calls = new CallCounter();
  readonly faults = new FaultStore();
  readonly events: EventDispatcher;
  private baseline: FeishuSeed;

  settings!: FeishuSimSettings;
  directory!: Directory;
  reach!: BotReach;
  tokens!: TenantTokenStore;
  chats!: ChatStore;
  messages!: MessageLog;
  createRate!: CreateRateMeter;

  constructor(private readonly options: FeishuSimStateOptions) {
    this.clock = options.clock;
    this.events = new EventDispatcher(options.delivery);
    this.baseline = options.seed ?? feishuSeedSchema.parse(demoFeishuSeed());
    this.reset();
  }

  /** Back to the baseline seed and the construction settings: clears tokens, chats, messages, events, faults, calls, clock offset. */
  reset(): void {
    this.clock.resetOffset();
    this.events.cancelAll();
    this.faults.clear();
    this.calls.reset();
    this.settings = defaultSettings(this.options.settings);
    this.install(this.baseline);
  }

  /** Replaces the tenant (and its app); it also becomes what `reset` returns to. */
  loadSeed(seed: FeishuSeed): void {
    this.baseline = seed;
    this.events.cancelAll();
    this.install(seed);
  }

  pushTarget(): PushTarget {
    return { url: this.settings.eventUrl, encryptKey: this.settings.encryptKey || null };
  }

  envelope(): EnvelopeContext {
    return {
      appId: this.directory.app.appId,
      tenantKey: this.directory.tenant.tenantKey,
      token: this.settings.verificationToken,
      now: this.clock.now(),
    };
  }

  private install(seed: FeishuSeed): void {
    this.directory = new Directory(structuredClone(seed));
    this.reach = new BotReach(this.directory, this.clock);
    this.tokens = new TenantTokenStore(this.clock);
    this.chats = new ChatStore(this.clock);
    this.messages = new MessageLog(this.clock);
    this.createRate = new CreateRateMeter(this.clock);
  }
}
