import type { FeishuClient } from '@kequn/feishu';
import type { Clock, Logger } from '@kequn/upstream';
import type { Db } from '../../db/schema';
import type { PlatformEvent } from '../../groups/ports';
import { findOrder } from '../../orders/order-store';
import { codesIn, countWrongCode, linkCustomer, mayTryCode, orderOfCode, ordersOfCustomer } from './codes';

const GREETING =
  '您好，我是服务助手。请发送您的订单码（6 位字母和数字，可在短信或订单页面找到），我会为您拉一个与服务人员的专属群。';
const NO_CODE = '没有识别到订单码。订单码是 6 位字母和数字，例如 AC3K7Q，请核对后重新发送。';
const WRONG_CODE = '没有找到这个订单码对应的订单。请核对短信或订单页面上的订单码后重新发送。';
const SLOW_DOWN = '订单码错误次数过多，请 10 分钟后再试；如有疑问请联系服务人员。';

/**
 * The bot's side of linking a customer to an order [platform-facts §14]: the bot link carries no
 * parameter, so the customer sends the order's code. Opening the bot gets a greeting (and makes
 * earlier orders that waited for this person try again); a code links them and asks for the group.
 */
export class FeishuBot {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      client: FeishuClient;
      /** Queues the order's group to be made (or its new customer added). */
      requestGroup(orderId: string): Promise<void>;
    },
  ) {}

  async handle(event: PlatformEvent): Promise<'done' | 'retry'> {
    const openId = event.userId;
    if (!openId) return 'done';
    if (event.action === 'bot_opened') await this.opened(openId);
    if (event.action === 'bot_message') await this.message(openId, event.text ?? '');
    return 'done';
  }

  private async opened(openId: string): Promise<void> {
    // An order that named this customer (or they linked before) may have waited for them (232043).
    for (const orderId of await this.ordersNaming(openId)) await this.deps.requestGroup(orderId);
    await this.say(openId, GREETING);
  }

  private async message(openId: string, text: string): Promise<void> {
    const { db } = this.deps;
    const now = new Date(this.deps.clock.now());
    const codes = codesIn(text);
    if (codes.length === 0) return this.say(openId, NO_CODE);
    if (!(await mayTryCode(db, openId, now))) return this.say(openId, SLOW_DOWN);
    for (const code of codes.slice(0, 3)) {
      const orderId = await orderOfCode(db, code);
      if (!orderId) continue;
      await linkCustomer(db, orderId, openId, now);
      await this.deps.requestGroup(orderId);
      const order = await findOrder(db, orderId);
      return this.say(openId, `已为您关联订单「${order?.title ?? orderId}」，稍后会把您拉进专属服务群。`);
    }
    await countWrongCode(db, openId, now);
    await this.say(openId, WRONG_CODE);
  }

  private async ordersNaming(openId: string): Promise<string[]> {
    const named = await this.deps.db
      .selectFrom('orders')
      .select('order_id')
      .where('customer_open_id', '=', openId)
      .where('closed_at', 'is', null)
      .execute();
    return [...new Set([...named.map((r) => r.order_id), ...(await ordersOfCustomer(this.deps.db, openId))])];
  }

  private async say(openId: string, text: string): Promise<void> {
    await this.deps.client.sendText({ openId, text });
  }
}
