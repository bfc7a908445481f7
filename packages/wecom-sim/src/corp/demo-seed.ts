import type { CorpSeedInput } from './schema';

/**
 * The demo corp. Zhang San (zhangsan) is the default signed-in staff member and follows 11
 * customers, so `batch/get_by_user` with limit 5 needs three pages. Song Yu has no follow
 * user left (the contact was deleted) and is only reachable through a group.
 */
export const DEMO_CUSTOMER_IDS = {
  chenXiaoming: 'wmeghYYEOCGRYgq0ApDyYYyU5obAOvu4',
  linMeihua: 'wmwWrry8s4qwMGnv5a1q4KyzCl3fTfVI',
  wangJianguo: 'wmhRpHfitSlIhHxgO0llvuMm3HzxEPTo',
  liuFang: 'wmSLmuWIHUeGOP9IPZtquERxBL9kDaCE',
  huangZhiqiang: 'wmVI9y060Ts2ZGZTByqi7gg7wArVZb0k',
  wuTingting: 'wmh61orSDnLRuqrFR1Q24FRTihehsOj8',
  zhengWei: 'wmdSfmu1BM8CmqhoWopMk42fgYpC03VH',
  heLi: 'wmAlZc0vCZDWlNMZoGygJ0IpGtxYLWGP',
  maChao: 'wmqkzEU9tmBGHzJM2wJGixk6wBkr68a8',
  luoMin: 'wmMUkBr9MUqSbQIsDktmfu9FLkDcqhi1',
  liangJing: 'wmlEkrL05TzCVGZ9fYUy1T2kfiMksypd',
  xieTian: 'wmOZmMLcZcJsEswMyCl4O03wB12KFo8X',
  songYu: 'wm5gMqYaEyC0Usz0DvVaZrWfQ9dGAULv',
} as const;

export const DEMO_CHAT_IDS = {
  orderGroup: 'wrmeClJ9iEbOtXfry3djGKNXDOzp2qdb',
  vipGroup: 'wrdQGhpIEW7vJ7uMgiRers9maAsrwlXa',
  afterSalesGroup: 'wrxdsobZRCOIxoLEy32RCJMn8jQSyV94',
} as const;

export const DEMO_DEFAULT_USER = 'zhangsan';

const C = DEMO_CUSTOMER_IDS;
const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z, so follow times read naturally.

function follow(userId: string, day: number, extra: Record<string, unknown> = {}) {
  return { userId, createTime: T0 + day * 86_400, addWay: 1, ...extra };
}

export function demoSeed(): CorpSeedInput {
  return {
    departments: [
      { id: 1, name: '示例科技有限公司', parentId: 0 },
      { id: 2, name: '销售部', parentId: 1 },
      { id: 3, name: '客服部', parentId: 1 },
      { id: 4, name: '运营部', parentId: 1 },
    ],
    staff: [
      { userId: 'zhangsan', name: '张三', departmentIds: [2], position: '销售经理' },
      { userId: 'lisi', name: '李四', departmentIds: [2], position: '销售' },
      { userId: 'wangwu', name: '王五', departmentIds: [3], position: '客服主管' },
      { userId: 'zhaoliu', name: '赵六', departmentIds: [3], position: '客服' },
      { userId: 'sunqi', name: '孙七', departmentIds: [4], position: '运营' },
      { userId: 'zhouba', name: '周八', departmentIds: [1], position: '总经理' },
    ],
    customers: [
      {
        externalUserId: C.chenXiaoming,
        name: '陈晓明',
        type: 1,
        gender: 1,
        follows: [
          follow('zhangsan', 1, { remark: '陈先生', remarkMobiles: ['13800138001'], description: '老客户，订单多' }),
          follow('lisi', 20, { remark: '陈晓明' }),
        ],
      },
      {
        externalUserId: C.linMeihua,
        name: '林美华',
        type: 1,
        gender: 2,
        follows: [follow('zhangsan', 2, { remark: '林女士', remarkMobiles: ['13900139002'] })],
      },
      {
        externalUserId: C.wangJianguo,
        name: '王建国',
        type: 2,
        gender: 1,
        corpName: '华信贸易',
        corpFullName: '广州华信贸易有限公司',
        position: '采购经理',
        follows: [follow('zhangsan', 3, { remarkCorpName: '华信贸易' })],
      },
      {
        externalUserId: C.liuFang,
        name: '刘芳',
        type: 1,
        gender: 2,
        follows: [follow('zhangsan', 4, { remarkMobiles: ['13700137004', '02088886666'] })],
      },
      { externalUserId: C.huangZhiqiang, name: '黄志强', type: 1, gender: 1, follows: [follow('zhangsan', 5)] },
      {
        externalUserId: C.wuTingting,
        name: '吴婷婷',
        type: 1,
        gender: 2,
        follows: [follow('zhangsan', 6), follow('wangwu', 30, { remark: '售后-吴', remarkMobiles: ['13600136006'] })],
      },
      {
        externalUserId: C.zhengWei,
        name: '郑伟',
        type: 2,
        gender: 1,
        corpName: '启明科技',
        corpFullName: '深圳启明科技有限公司',
        follows: [follow('zhangsan', 7)],
      },
      {
        externalUserId: C.heLi,
        name: '何丽',
        type: 1,
        gender: 2,
        follows: [follow('zhangsan', 8, { remarkMobiles: ['13500135008'] })],
      },
      {
        externalUserId: C.maChao,
        name: '马超',
        type: 1,
        gender: 1,
        follows: [follow('zhangsan', 9, { state: 'order-A1009' })],
      },
      { externalUserId: C.luoMin, name: '罗敏', type: 1, gender: 2, follows: [follow('zhangsan', 10)] },
      {
        externalUserId: C.liangJing,
        name: '梁静',
        type: 1,
        gender: 2,
        follows: [follow('zhangsan', 11, { remark: '梁静-团购' })],
      },
      {
        externalUserId: C.xieTian,
        name: '谢天',
        type: 1,
        gender: 1,
        follows: [follow('lisi', 12, { remarkMobiles: ['13300133012'] })],
      },
      { externalUserId: C.songYu, name: '宋雨', type: 1, gender: 2, follows: [] },
    ],
    groups: [
      {
        chatId: DEMO_CHAT_IDS.orderGroup,
        name: '陈晓明 · 订单 A1001 服务群',
        owner: 'zhangsan',
        createTime: T0 + 40 * 86_400,
        members: [
          { id: 'zhangsan', joinTime: T0 + 40 * 86_400, joinScene: 1 },
          { id: 'wangwu', joinTime: T0 + 40 * 86_400, joinScene: 1, invitor: 'zhangsan' },
          { id: C.chenXiaoming, joinTime: T0 + 40 * 86_400, joinScene: 1, invitor: 'zhangsan' },
        ],
      },
      {
        chatId: DEMO_CHAT_IDS.vipGroup,
        name: 'VIP 客户交流群',
        owner: 'lisi',
        createTime: T0 + 41 * 86_400,
        notice: '欢迎加入，有问题随时找我们',
        members: [
          { id: 'lisi', joinTime: T0 + 41 * 86_400, joinScene: 1 },
          { id: C.chenXiaoming, joinTime: T0 + 41 * 86_400, joinScene: 1, invitor: 'lisi' },
          { id: C.xieTian, joinTime: T0 + 42 * 86_400, joinScene: 3, state: 'vip-qr' },
          { id: C.songYu, joinTime: T0 + 43 * 86_400, joinScene: 3, state: 'vip-qr' },
        ],
        admins: ['lisi'],
      },
      {
        chatId: DEMO_CHAT_IDS.afterSalesGroup,
        name: '售后服务群',
        owner: 'wangwu',
        createTime: T0 + 45 * 86_400,
        members: [
          { id: 'wangwu', joinTime: T0 + 45 * 86_400, joinScene: 1 },
          { id: 'zhaoliu', joinTime: T0 + 45 * 86_400, joinScene: 1, invitor: 'wangwu' },
          { id: C.wuTingting, joinTime: T0 + 45 * 86_400, joinScene: 2, invitor: 'wangwu' },
        ],
      },
    ],
    // Made by another app of the corp: kequn's app must not see it.
    joinWays: [
      {
        configId: '9ad7fa5cdaa6511298498f13e8a9dd5c',
        agentId: '1000003',
        scene: 2,
        chatIdList: [DEMO_CHAT_IDS.vipGroup],
        state: 'vip-qr',
        remark: '营销工具创建',
      },
    ],
  };
}
