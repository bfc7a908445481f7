/// <reference lib="dom" />
/**
 * Browser entry of the bridge, served as /__sim/bridge.js. Load it with a plain
 * (not async/defer/module) <script> before any page script, so that when @wecom/jssdk
 * evaluates it already sees a WeCom user agent and window.WeixinJSBridge.
 */
import { createBridgeCore, type BridgeResult } from './core.js';
import { createDomUi } from './ui.js';

type Callback = (res: BridgeResult) => void;

interface WeixinJSBridgeLike {
  invoke(name: string, params?: Record<string, unknown>, callback?: Callback): void;
  on(name: string, callback: (res: unknown) => void): void;
  call(name: string): void;
  log(...args: unknown[]): void;
  /** Not part of WeCom: lets a simulator page fire client events (`WeixinJSBridge.on`). */
  __simEmit(name: string, payload?: unknown): void;
  __simBase: string;
}

interface OpenDataLike {
  bind(el: Element): void;
  bindAll(els: ArrayLike<Element>): void;
}

declare global {
  interface Window {
    WeixinJSBridge?: WeixinJSBridgeLike;
    /** The client's sandbox object; @wecom/jssdk's initOpenData requires it outside Windows. */
    WeixinSandBox?: object;
    WWOpenData?: OpenDataLike;
  }
}

/**
 * The client's open-data renderer as far as pages see it: `<ww-open-data type="userName"
 * openid="…">` shows that staff member's name (the real client draws it itself; the page never
 * learns the name).
 */
function installOpenData(names: Record<string, string>): void {
  const bind = (el: Element) => {
    const id = el.getAttribute('openid') ?? '';
    if (el.getAttribute('type') === 'userName' && names[id]) el.textContent = names[id];
  };
  window.WWOpenData = { bind, bindAll: (els) => Array.from(els).forEach(bind) };
}

/** Client version reported in the UA: above 3.0.24 (agentConfig alone) and 3.1.8 (openExistedChatWithMsg). */
const WECOM_VERSION = '4.1.30';

function detectSimBase(): string {
  const script = document.currentScript;
  const src = script instanceof HTMLScriptElement ? script.src : '';
  if (!src) return location.origin;
  const cut = src.match(/^(.*)\/__sim\/bridge\.js(?:[?#].*)?$/);
  return cut?.[1] ?? new URL(src).origin;
}

/** @wecom/jssdk decides "inside WeCom" from /wxwork\/([\d.]+)/ in navigator.userAgent. */
function fakeWeComUserAgent(): void {
  const ua = navigator.userAgent;
  if (/wxwork\//i.test(ua)) return;
  const fake = `${ua} wxwork/${WECOM_VERSION} MicroMessenger/7.0.1 Language/zh ColorScheme/Light`;
  try {
    Object.defineProperty(navigator, 'userAgent', { get: () => fake, configurable: true });
  } catch (e) {
    console.warn('[wecom-sim bridge] cannot change navigator.userAgent', e);
  }
}

/** The same test @wecom/jssdk makes (iPadOS reports "MacIntel" with touch points). */
function sdkThinksIOS(): boolean {
  if (/Mac/i.test(navigator.platform) && navigator.maxTouchPoints > 2) return true;
  return /\b(iPhone|iPad|iPod)\b/i.test(navigator.userAgent);
}

function install(): void {
  if (window.WeixinJSBridge) return; // loaded twice, or a real client
  const simBase = detectSimBase();
  fakeWeComUserAgent();

  const core = createBridgeCore({
    simBase,
    fetch: (input, init) => window.fetch(input, init),
    ui: createDomUi(document),
    pageUrl: () => location.href.split('#')[0] ?? location.href,
    // After the page got its answer: the callback runs before the page unloads.
    navigate: (url) => setTimeout(() => location.assign(url), 0),
    isIOS: sdkThinksIOS(),
    installOpenData,
  });
  window.WeixinSandBox = {};
  const listeners = new Map<string, Array<(res: unknown) => void>>();

  const bridge: WeixinJSBridgeLike = {
    invoke(name, params = {}, callback) {
      void core.invoke(name, params).then((res) => {
        if (typeof callback === 'function') callback(res);
      });
    },
    on(name, callback) {
      const list = listeners.get(name) ?? [];
      list.push(callback);
      listeners.set(name, list);
    },
    call(name) {
      console.warn(`[wecom-sim bridge] WeixinJSBridge.call('${name}') is not supported`);
    },
    log(...args) {
      console.log('[WeixinJSBridge]', ...args);
    },
    __simEmit(name, payload) {
      for (const fn of listeners.get(name) ?? []) fn(payload);
    },
    __simBase: simBase,
  };
  Object.defineProperty(window, 'WeixinJSBridge', { value: bridge, configurable: true, writable: false });

  // WeCom fires WeixinJSBridgeReady once the bridge is there; pages that only listen for the
  // event register during parsing, so fire it after the document is parsed.
  const fire = () => setTimeout(() => document.dispatchEvent(new Event('WeixinJSBridgeReady')), 0);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fire, { once: true });
  else fire();
}

install();
