import { signJsapi, type Clock, type JsapiSignature, type WecomCredentials } from '@kequn/wecom';

export interface PageSignatures {
  corpId: string;
  agentId: string;
  corp: JsapiSignature;
  agent: JsapiSignature;
}

/** Both JS-SDK signatures for one page in one call; tickets stay on the server. */
export class PageSigner {
  constructor(
    private readonly credentials: WecomCredentials,
    private readonly clock: Clock,
  ) {}

  /**
   * `refreshTickets`: the page saw WeCom refuse a signature for this very URL, so the cached
   * tickets are suspect; they are re-fetched first (rate limited inside the credentials).
   */
  async sign(url: string, options: { refreshTickets?: boolean } = {}): Promise<PageSignatures> {
    if (options.refreshTickets) await this.credentials.refreshTickets();
    const [corpTicket, agentTicket] = await Promise.all([
      this.credentials.getCorpTicket(),
      this.credentials.getAgentTicket(),
    ]);
    const timestampSec = Math.floor(this.clock.now() / 1000);
    const { corpId, agentId } = this.credentials.app;
    return {
      corpId,
      agentId,
      corp: signJsapi({ ticket: corpTicket, url, timestampSec }),
      agent: signJsapi({ ticket: agentTicket, url, timestampSec }),
    };
  }
}
