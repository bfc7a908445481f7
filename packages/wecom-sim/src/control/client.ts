import type { AckSummary } from '../callbacks/ack-meter';
import type { ChatResult, OpenEnterpriseChatInput } from '../client-api/enterprise-chat';
import type { ClientContext, PickerKind } from '../client-api/client-state';
import type { VerifyResult } from '../client-api/jsapi-verify';
import type { CorpSeedInput } from '../corp/schema';
import type { SignedInPerson } from '../oauth/codes';
import type { SimSettings } from '../settings';
import type { Fault, FaultSpec } from './faults';

export class SimControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`simulator answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'SimControlError';
  }
}

type SettingsPatch = Partial<Omit<SimSettings, 'callback'>> & { callback?: SimSettings['callback'] };
type GroupChat = Record<string, unknown>;
type JoinWayJson = Record<string, unknown>;
type TransferFaultJson = { chatId: string; errcode: number; remaining: number };

/** Typed client for the `/__sim` API, for tests and scripts. Uses global fetch. */
export function simControl(baseUrl: string) {
  const root = baseUrl.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${root}/__sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new SimControlError(response.status, parsed);
    return parsed as T;
  };

  return {
    reset: () => call<{ ok: true }>('POST', '/reset'),
    seed: (seed: CorpSeedInput) => call<{ ok: true }>('POST', '/seed', seed),
    setSession: (person: SignedInPerson) => call<SignedInPerson>('POST', '/session', person),
    session: () => call<SignedInPerson>('GET', '/session'),
    revoke: (accessToken?: string) =>
      call<{ revoked: number }>('POST', '/tokens/revoke', accessToken ? { accessToken } : {}),
    injectFault: (fault: FaultSpec) => call<Fault>('POST', '/faults', fault),
    clearFaults: () => call<{ ok: true }>('DELETE', '/faults'),
    advanceClock: (seconds: number) => call<{ now: number }>('POST', '/clock/advance', { seconds }),
    clock: () => call<{ now: number; iso: string; offsetMs: number }>('GET', '/clock'),
    calls: () => call<Record<string, number>>('GET', '/calls'),
    /** `{path: {chatId: calls}}`, e.g. the groupchat/get reads of each group. */
    callsByChat: () => call<Record<string, Record<string, number>>>('GET', '/calls/chats'),
    resetCalls: () => call<{ ok: true }>('POST', '/calls/reset'),
    settings: (patch: SettingsPatch) => call<SimSettings>('POST', '/settings', patch),
    setContext: (context: ClientContext) => call<ClientContext>('POST', '/context', context),
    context: () => call<ClientContext>('GET', '/context'),
    presetPicker: (presets: Partial<Record<PickerKind, string[]>>) => call<{ ok: true }>('POST', '/pickers', presets),
    takePicker: (kind: PickerKind) => call<{ preset: string[] | null }>('POST', '/pickers/take', { kind }),
    presetScan: (resultStr: string) => call<{ ok: true }>('POST', '/scanner/preset', { resultStr }),
    verifyJsapi: (input: Record<string, unknown>) => call<VerifyResult>('POST', '/jsapi/verify', input),
    openEnterpriseChat: (input: Partial<OpenEnterpriseChatInput> & { callerUserId: string; appIdentity: boolean }) =>
      call<ChatResult>('POST', '/client/open-enterprise-chat', input),
    addMembers: (
      chatId: string,
      body: { externalUserIds?: string[]; userIds?: string[]; joinScene?: 1 | 2 | 3; state?: string },
    ) => call<{ ok: true; group_chat: GroupChat }>('POST', `/groups/${encodeURIComponent(chatId)}/members`, body),
    removeMember: (chatId: string, id: string, quitScene: 0 | 1 = 0) =>
      call<{ ok: true; group_chat: GroupChat }>(
        'DELETE',
        `/groups/${encodeURIComponent(chatId)}/members/${encodeURIComponent(id)}?quitScene=${quitScene}`,
      ),
    dismissGroup: (chatId: string) => call<{ ok: true }>('POST', `/groups/${encodeURIComponent(chatId)}/dismiss`),
    /** created: WeCom made a new group for the join way (auto_create_room 1, all full). */
    scanJoinWay: (configId: string, externalUserId: string) =>
      call<{ ok: true; chatId: string; created: boolean; group_chat: GroupChat }>(
        'POST',
        `/join-ways/${encodeURIComponent(configId)}/scan`,
        { externalUserId },
      ),
    /** get_join_way's `join_way` for each join way of the app (default: kequn's app). */
    joinWays: (agentId?: string) =>
      call<{ agentId: string; joinWays: JoinWayJson[] }>(
        'GET',
        `/join-ways${agentId ? `?agentId=${encodeURIComponent(agentId)}` : ''}`,
      ),
    /** A staff member makes an empty customer group in the client (emits `create`). */
    createGroup: (body: { owner: string; name?: string; userIds?: string[] }) =>
      call<{ ok: true; chatId: string; group_chat: GroupChat }>('POST', '/groups', body),
    /** The member leaves the corp: `change_contact` delete_user; their groups get status 1. */
    resignStaff: (userId: string) =>
      call<{ ok: true; userId: string; resignedAt: number; ownedChatIds: string[] }>(
        'POST',
        `/staff/${encodeURIComponent(userId)}/resign`,
      ),
    /** The next `times` transfers (either API) of these chats fail with errcode. */
    injectTransferFault: (fault: { chatIds: string[]; errcode: number; errmsg?: string; times?: number }) =>
      call<{ faults: TransferFaultJson[] }>('POST', '/transfer-faults', fault),
    transferFaults: () => call<{ faults: TransferFaultJson[] }>('GET', '/transfer-faults'),
    clearTransferFaults: () => call<{ ok: true }>('DELETE', '/transfer-faults'),
    callbacks: () =>
      call<{ deliveries: Array<{ status: string; attempts: number; message: string }> }>('GET', '/callbacks'),
    /** How fast our callback URL acknowledged the pushes (attempts, percentiles, retried, failed, pending). */
    callbackAcks: () => call<AckSummary>('GET', '/callbacks/acks'),
    resetCallbackAcks: () => call<{ ok: true }>('POST', '/callbacks/acks/reset'),
  };
}

export type SimControl = ReturnType<typeof simControl>;
