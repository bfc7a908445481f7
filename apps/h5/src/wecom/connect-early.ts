import { WecomConnection, type PageSigner } from './connection';
import { createJssdk } from './jssdk';
import type { WecomSdk } from './sdk';

/** Starts registering with the WeCom client before the app exists; the page awaits the outcome. */
export function connectEarly(signer: PageSigner): { sdk: WecomSdk; wecom: WecomConnection } {
  const sdk = createJssdk();
  const wecom = new WecomConnection(signer, sdk);
  // Outside WeCom the page shows its QR code instead; a failure here is the page's to report.
  void sdk.insideWecom().then((inside) => {
    if (inside) wecom.start().catch(() => undefined);
  });
  return { sdk, wecom };
}
