import type { Colleague, Entry, OpenChatParams, RegisterOptions, Signature, WecomSdk } from '../wecom/sdk';

/** What @wecom/jssdk rejects with: the client's answer as `{errMsg, errCode}`. */
export interface SdkResult {
  errMsg: string;
  errCode: number;
}

type Call = Exclude<keyof WecomSdk, 'insideWecom' | 'register'>;

/**
 * A WeCom client in memory. Like the real SDK it refuses calls before `register`, signs through
 * the registered callbacks, and makes every call wait for (and fail with) the agentConfig.
 */
export class FakeSdk implements WecomSdk {
  inside = true;
  entry: Entry = 'normal';
  contactId: string | null = null;
  chatId: string | null = null;
  pickedCustomers: string[] = [];
  pickedColleagues: Colleague[] = [];
  /** What openEnterpriseChat returns; null plays a client without app identity or < 3.0.36. */
  createdChatId: string | null = 'wrNewOrderGroup0001';
  readonly calls: Array<{ name: Call; args: unknown[] }> = [];
  readonly registrations: RegisterOptions[] = [];
  readonly signed: Array<{ kind: 'corp' | 'agent'; url: string; signature: Signature }> = [];
  private readonly failures = new Map<Call, { result: SdkResult; remaining: number }>();
  private readonly holds = new Map<Call, Promise<void>>();
  private config: Promise<void> | null = null;
  private configFailed = false;

  /** The next `times` calls of `name` reject with `result` (default: every call). */
  fail(name: Call, result: SdkResult, times = Number.POSITIVE_INFINITY): this {
    this.failures.set(name, { result, remaining: times });
    return this;
  }

  /** Calls of `name` wait until the returned function is called (a user still in WeCom's UI). */
  hold(name: Call): () => void {
    let release!: () => void;
    this.holds.set(name, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(name);
      release();
    };
  }

  count(name: Call): number {
    return this.calls.filter((c) => c.name === name).length;
  }

  async insideWecom(): Promise<boolean> {
    return this.inside;
  }

  register(options: RegisterOptions): void {
    this.registrations.push(options);
  }

  /** Like @wecom/jssdk: agentConfig once (again after a failure), awaited by every API call. */
  ready(): Promise<void> {
    if (!this.config || this.configFailed) {
      this.configFailed = false;
      this.config = this.agentConfig().catch((err: unknown) => {
        this.configFailed = true;
        throw err;
      });
    }
    return this.config;
  }

  /** Asks the page for the agent signature of the live URL, then gives the client's verdict. */
  private async agentConfig(): Promise<void> {
    const options = this.registrations.at(-1);
    if (options) {
      const url = location.href.split('#')[0] ?? '';
      this.signed.push({ kind: 'agent', url, signature: await options.getAgentConfigSignature(url) });
    }
    await this.enter('ready', []);
  }

  async getContext(): Promise<Entry> {
    await this.enter('getContext', []);
    return this.entry;
  }

  async getCurExternalContact(): Promise<string> {
    await this.enter('getCurExternalContact', []);
    if (!this.contactId) throw without('getCurExternalContact');
    return this.contactId;
  }

  async getCurExternalChat(): Promise<string> {
    await this.enter('getCurExternalChat', []);
    if (!this.chatId) throw without('getCurExternalChat');
    return this.chatId;
  }

  async selectExternalContact(): Promise<string[]> {
    await this.enter('selectExternalContact', []);
    return this.pickedCustomers;
  }

  async selectEnterpriseContact(selectedUserIds: string[]): Promise<Colleague[]> {
    await this.enter('selectEnterpriseContact', [selectedUserIds]);
    return this.pickedColleagues;
  }

  async openEnterpriseChat(params: OpenChatParams): Promise<{ chatId: string | null }> {
    await this.enter('openEnterpriseChat', [params]);
    return { chatId: this.createdChatId };
  }

  async openExistedChatWithMsg(chatId: string): Promise<void> {
    await this.enter('openExistedChatWithMsg', [chatId]);
  }

  /** The client's open-data names; null plays a client without open data. */
  openDataNames: Record<string, string> | null = null;

  async openData(): Promise<boolean> {
    return this.openDataNames !== null;
  }

  bindOpenData(el: Element): void {
    const name = this.openDataNames?.[el.getAttribute('openid') ?? ''];
    if (name) el.textContent = name;
  }

  /** What the camera reads next. */
  scanned = '';

  async scanQRCode(): Promise<string> {
    await this.enter('scanQRCode', []);
    return this.scanned;
  }

  async updateEnterpriseChat(chatId: string, userIdsToAdd: string[]): Promise<void> {
    await this.enter('updateEnterpriseChat', [chatId, userIdsToAdd]);
  }

  private async enter(name: Call, args: unknown[]): Promise<void> {
    this.calls.push({ name, args });
    await this.holds.get(name);
    if (this.registrations.length === 0) throw { errMsg: `${name}:fail_nopermission`, errCode: -1 };
    if (name !== 'ready') await this.ready();
    const failure = this.failures.get(name);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      throw failure.result;
    }
  }
}

const without = (name: string): SdkResult => ({
  errMsg: `${name}:fail without context of external contact`,
  errCode: -1,
});
