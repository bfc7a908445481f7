/** The app's console settings the simulator models, changeable through `/__feishu-sim/settings`. */
export interface FeishuSimSettings {
  /** Request URL for events (事件订阅 → 请求地址); null: events are recorded but not pushed. */
  eventUrl: string | null;
  /** Encrypt Key; null: events go out as plain JSON (the verification token is the only proof). */
  encryptKey: string | null;
  /** Verification Token, carried in every event and in the URL-verification challenge. */
  verificationToken: string;
  /** Release option 「允许机器人被添加到外部群中使用」: without it external chats answer 232033. */
  externalSharing: boolean;
  /** How long one member add takes; another add on the same chat meanwhile answers 232019. */
  memberAddDurationMs: number;
}
