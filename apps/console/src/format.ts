import type { ConsoleGroupSummary, MemberVia } from '@kequn/contracts';

export const STATUS_TEXT: Record<string, string> = {
  none: '未建群',
  creating: '建群中',
  created: '已建群',
  confirmed: '已确认',
  dismissed: '已解散',
};

export const STATUS_TAG: Record<string, 'info' | 'warning' | 'success' | 'primary' | 'danger'> = {
  none: 'info',
  creating: 'warning',
  created: 'primary',
  confirmed: 'success',
  dismissed: 'danger',
};

export const ROUTE_TEXT: Record<string, string> = { jssdk: '一键建群', join_qr: '扫码入群', feishu_bot: '飞书机器人' };
export const PLATFORM_TEXT: Record<string, string> = { wecom: '企业微信', feishu: '飞书' };
export const VIA_TEXT: Record<MemberVia, string> = {
  join_qr: '本单入群码',
  invited: '成员邀请',
  link: '邀请链接',
  qr: '扫描群二维码',
};
export const DELIVERY_TEXT: Record<string, string> = { pending: '投递中', delivered: '已送达', failed: '失败' };
export const ACTION_TEXT: Record<string, string> = {
  'webhook.redeliver': '重新投递 Webhook',
  'callback.retry': '重试回调',
  'handover.start': '发起交接',
};
export const REASON_TEXT: Record<string, string> = { resigned: '离职继承', on_job: '在职转接' };
export const HANDOVER_STATE_TEXT: Record<string, string> = { pending: '待处理', transferred: '已转接', failed: '失败' };

export const groupStatus = (g: ConsoleGroupSummary | null) => (g ? g.status : 'none');

/** 2025-03-01 09:05 in China time, whatever the browser's zone. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** 1小时5分, 45秒, — */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}分`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}小时${m % 60}分` : `${h}小时`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}天${h % 24}小时` : `${d}天`;
}

export const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');

/** Today in China, YYYY-MM-DD, and a day `days` before it. */
export function chinaDay(offsetDays = 0, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 - offsetDays * 86_400_000).toISOString().slice(0, 10);
}
