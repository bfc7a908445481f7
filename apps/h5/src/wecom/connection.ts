import type { PageSignatures } from '@kequn/contracts';
import { classifySdkError, type SdkFailureKind } from './errors';
import { pageUrl } from './page-url';
import { JS_API_LIST, type Entry, type WecomSdk } from './sdk';

/** Where the page was opened and what that entry tells about its customer or group. */
export interface WecomContext {
  entry: Entry;
  /** The customer whose chat or profile opened the page. */
  contactId: string | null;
  /** The customer group whose toolbar opened the page. */
  chatId: string | null;
}

/** Our signing endpoint, as far as the SDK needs it (KequnApi provides it). */
export interface PageSigner {
  signatures(url: string): Promise<PageSignatures>;
  forgetSignatures(url: string): void;
}

const CONTACT_ENTRIES: ReadonlySet<Entry> = new Set(['contact_profile', 'single_chat_tools']);

/**
 * The page's link to the WeCom client: registers the SDK once (corpId/agentId come from the
 * signature response, so no build-time config), waits for app identity and reads the entry.
 * main.ts starts it before Vue boots; the page then awaits the same attempt.
 */
export class WecomConnection {
  /** The last URL the SDK asked us to sign: shown when WeCom says "invalid signature". */
  signedUrl: string | null = null;
  private attempt: Promise<WecomContext> | null = null;
  private registered = false;

  constructor(
    private readonly signer: PageSigner,
    private readonly sdk: WecomSdk,
  ) {}

  start(): Promise<WecomContext> {
    this.attempt ??= this.connect();
    return this.attempt;
  }

  /** After a failed attempt: the next start() signs afresh (the ticket may have been renewed). */
  reset(): void {
    this.attempt = null;
    if (this.signedUrl) this.signer.forgetSignatures(this.signedUrl);
  }

  private async connect(): Promise<WecomContext> {
    if (!this.registered) await this.register();
    // getContext waits for agentConfig inside the SDK: asking now saves a turn.
    const [, context] = await Promise.all([this.sdk.ready(), this.readEntry()]);
    return context;
  }

  private async register(): Promise<void> {
    const first = await this.sign(pageUrl());
    this.sdk.register({
      corpId: first.corpId,
      agentId: first.agentId,
      jsApiList: JS_API_LIST,
      getConfigSignature: async (url) => (await this.sign(url)).corp,
      getAgentConfigSignature: async (url) => (await this.sign(url)).agent,
    });
    this.registered = true;
  }

  private sign(url: string): Promise<PageSignatures> {
    this.signedUrl = url;
    return this.signer.signatures(url);
  }

  /**
   * Entry data helps but is not a must: clients before 3.0.24 lack getContext (they can still
   * create a group), and an entry may carry no customer. Other failures (no permission…) count.
   */
  private async readEntry(): Promise<WecomContext> {
    const entry = await tolerate(this.sdk.getContext(), 'client_too_old', 'normal');
    const contactId = CONTACT_ENTRIES.has(entry)
      ? await tolerate(this.sdk.getCurExternalContact(), 'no_context', null)
      : null;
    const chatId =
      entry === 'group_chat_tools' ? await tolerate(this.sdk.getCurExternalChat(), 'no_context', null) : null;
    return { entry, contactId, chatId };
  }
}

async function tolerate<T, F>(call: Promise<T>, kind: SdkFailureKind, fallback: F): Promise<T | F> {
  try {
    return await call;
  } catch (err) {
    if (classifySdkError(err).kind === kind) return fallback;
    throw err;
  }
}
