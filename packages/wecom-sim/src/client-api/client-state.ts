/** Entries `getContext()` reports [platform-facts §4]. */
export const CONTEXT_ENTRIES = [
  'normal',
  'contact_profile',
  'single_chat_tools',
  'group_chat_tools',
  'chat_attachment',
  'single_kf_tools',
  'chain_single_chat_tools',
  'chain_group_chat_tools',
] as const;

export type ContextEntry = (typeof CONTEXT_ENTRIES)[number];

export interface ClientContext {
  entry: ContextEntry;
  externalUserId?: string;
  chatId?: string;
}

export type PickerKind = 'externalContact' | 'enterpriseContact';

/** A text the 模拟扫一扫 overlay offers to pick instead of typing it. */
export interface ScanSuggestion {
  label: string;
  resultStr: string;
}

/** What the in-browser WeCom client would know: where the page was opened, picker and scan answers. */
export class ClientState {
  context: ClientContext = { entry: 'normal' };
  /** Offered by every scan overlay until replaced. */
  scanSuggestions: ScanSuggestion[] = [];
  private readonly presets = new Map<PickerKind, string[]>();
  private scanPreset: string | null = null;

  preset(kind: PickerKind, ids: string[]): void {
    this.presets.set(kind, ids);
  }

  /** The preset answer for the next picker of this kind, used once. */
  take(kind: PickerKind): string[] | null {
    const preset = this.presets.get(kind) ?? null;
    this.presets.delete(kind);
    return preset;
  }

  presetScan(resultStr: string): void {
    this.scanPreset = resultStr;
  }

  /** What the next scanQRCode "reads", used once; null → the overlay asks. */
  takeScan(): string | null {
    const preset = this.scanPreset;
    this.scanPreset = null;
    return preset;
  }
}
