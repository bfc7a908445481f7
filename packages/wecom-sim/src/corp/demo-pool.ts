import { demoSeed } from './demo-seed';
import type { CorpSeedInput } from './schema';

/**
 * Empty customer groups staff made in the client ahead of time ("shells"), for a server that
 * hands one to each new order instead of waiting for a group to be created: four owned by
 * Zhang San, two by Li Si.
 */
export const DEMO_POOL_CHAT_IDS = [
  'wrPoolA1ZhangsanServiceGroup0001',
  'wrPoolA2ZhangsanServiceGroup0002',
  'wrPoolA3ZhangsanServiceGroup0003',
  'wrPoolA4ZhangsanServiceGroup0004',
  'wrPoolB1LisiServiceGroupNo000005',
  'wrPoolB2LisiServiceGroupNo000006',
] as const;

/** A customer nobody has added yet: an order for them must bring them in by join-way QR code. */
export const DEMO_POOL_CUSTOMER_ID = 'wmPoolNewCustomerZhouXiaozhou001';

const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z, as in the demo seed.

/**
 * `demoSeed()` plus the shell-group pool and the stranger customer. Opt in with
 * `createSimulator({ seed: demoPoolSeed() })`; `demoSeed()` itself stays as tests expect it.
 */
export function demoPoolSeed(): CorpSeedInput {
  const base = demoSeed();
  const owners = ['zhangsan', 'zhangsan', 'zhangsan', 'zhangsan', 'lisi', 'lisi'];
  const groups = DEMO_POOL_CHAT_IDS.map((chatId, i) => {
    const createTime = T0 + (50 + i) * 86_400;
    const owner = owners[i] ?? 'zhangsan';
    return {
      chatId,
      name: `服务群 ${String(i + 1).padStart(2, '0')}`,
      owner,
      createTime,
      members: [{ id: owner, joinTime: createTime, joinScene: 1 as const }],
    };
  });
  return {
    ...base,
    customers: [
      ...(base.customers ?? []),
      { externalUserId: DEMO_POOL_CUSTOMER_ID, name: '周小舟', type: 1, gender: 1, follows: [] },
    ],
    groups: [...(base.groups ?? []), ...groups],
  };
}
