import { describe, expect, it } from 'vitest';
import { staff } from '../testing/fixtures';
import { planGroup, type CustomerPick } from './group-plan';

const wechat = (id: string): CustomerPick => ({ externalUserId: id, name: null, type: 1 });
const wecom = (id: string): CustomerPick => ({ externalUserId: id, name: null, type: 2 });

describe('planGroup', () => {
  it('joins order staff, defaults and colleagues without the caller or duplicates', () => {
    const plan = planGroup(
      'zhangsan',
      [staff('zhangsan', '张三'), staff('wangwu', '王五', 'default'), staff('lisi', '李四')],
      [
        { userId: 'lisi', name: '李四' },
        { userId: 'zhaoliu', name: '赵六' },
      ],
      [wechat('wmA'), wechat('wmA')],
    );
    expect(plan).toEqual({
      userIds: ['wangwu', 'lisi', 'zhaoliu'],
      externalUserIds: ['wmA'],
      needsCustomer: false,
      needsColleague: false,
      overLimit: null,
    });
  });

  it('needs a colleague when the caller and one customer would make a one-to-one chat', () => {
    expect(planGroup('zhangsan', [staff('zhangsan', '张三')], [], [wechat('wmA')]).needsColleague).toBe(true);
  });

  it('two customers alone already make a group', () => {
    expect(planGroup('zhangsan', [], [], [wechat('wmA'), wecom('wmB')]).needsColleague).toBe(false);
  });

  it('needs a customer first when there is none', () => {
    const plan = planGroup('zhangsan', [staff('wangwu', '王五')], [], []);
    expect(plan.needsCustomer).toBe(true);
    expect(plan.needsColleague).toBe(false);
  });

  it('caps groups with a personal-WeChat customer at 40 members, others at 500', () => {
    const people = (n: number) => Array.from({ length: n }, (_, i) => staff(`s${i}`, null as unknown as string));
    expect(planGroup('me', people(38), [], [wechat('wmA')]).overLimit).toBeNull(); // 40 with the caller
    expect(planGroup('me', people(39), [], [wechat('wmA')]).overLimit).toBe(40);
    expect(planGroup('me', people(39), [], [wecom('wmA')]).overLimit).toBeNull();
    expect(planGroup('me', people(499), [], [wecom('wmA')]).overLimit).toBe(500);
  });
});
