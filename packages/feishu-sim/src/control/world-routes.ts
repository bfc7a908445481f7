import express from 'express';
import { openBot, personSays, pushForgery, replayEvent, sendChallenge, staffLeaves } from '../events/world';
import { routeParam } from '../http/request';
import { parseInput, SimInputError } from '../http/sim-errors';
import type { SimMessage } from '../messages/store';
import type { FeishuSimState } from '../state';
import { forgerySchema, messagesQuerySchema, sayTextSchema } from './schemas';

/**
 * What happens in the Feishu client (people opening the bot, typing), what the simulator
 * saw (chats, messages, event deliveries) and the event pushes tests drive by hand.
 */
export function worldRoutes(state: FeishuSimState): express.Router {
  const router = express.Router();

  router.get('/directory', (_req, res) => {
    const { directory, reach } = state;
    res.json({
      tenant: directory.tenant,
      bot: { appId: directory.app.appId, openId: directory.app.botOpenId, name: directory.app.botName },
      staff: directory.allStaff().map((s) => ({ openId: s.openId, name: s.name, userId: s.userId })),
      customers: directory.allCustomers().map((c) => ({
        openId: c.openId,
        name: c.name,
        openedBot: reach.hasOpened(c.openId),
      })),
    });
  });

  router.post('/people/:openId/open-bot', (req, res) => {
    res.json(openBot(state, routeParam(req, 'openId')));
  });

  router.post('/people/:openId/leave', (req, res) => {
    res.json(staffLeaves(state, routeParam(req, 'openId')));
  });

  router.post('/people/:openId/messages', (req, res) => {
    const { text } = parseInput(sayTextSchema, req.body);
    const said = personSays(state, routeParam(req, 'openId'), text);
    res.json({ message: messageJson(said.message), eventKey: said.eventKey, delivery: said.delivery });
  });

  // The person's one-to-one chat with the bot, both ways: what the phone page plays.
  router.get('/people/:openId/chat', (req, res) => {
    const openId = routeParam(req, 'openId');
    const person = state.directory.person(openId);
    if (!person) throw new SimInputError('unknown_person', `no staff member or customer ${openId}`, 404);
    const chat = state.reach.hasOpened(openId) || person.kind === 'staff' ? state.reach.chatWith(openId) : undefined;
    res.json({
      person: { openId, name: person.name, kind: person.kind },
      bot: { name: state.directory.app.botName },
      opened: state.reach.hasOpened(openId),
      chatId: chat?.chatId ?? null,
      messages: state.messages.list({ peer: openId }).map(messageJson),
    });
  });

  // The group chats a person is in (what their chat list shows besides the bot): the phone page's strip.
  router.get('/people/:openId/groups', (req, res) => {
    const openId = routeParam(req, 'openId');
    if (!state.directory.person(openId))
      throw new SimInputError('unknown_person', `no staff member or customer ${openId}`, 404);
    const mine = state.chats.all().filter((chat) => chat.members.includes(openId));
    res.json({
      groups: mine.map((chat) => ({
        chatId: chat.chatId,
        name: chat.name,
        external: chat.external,
        members: chat.members.length,
      })),
    });
  });

  router.get('/chats', (_req, res) => {
    const { directory } = state;
    res.json({
      chats: state.chats.all().map((chat) => ({
        chatId: chat.chatId,
        name: chat.name,
        ownerId: chat.ownerId,
        external: chat.external,
        chatType: chat.chatType,
        uuid: chat.uuid ?? null,
        createdAt: chat.createdAt,
        members: chat.members.map((id) => ({
          openId: id,
          name: directory.displayName(id),
          kind: directory.isStaff(id) ? 'staff' : 'customer',
        })),
        bots: chat.bots,
      })),
    });
  });

  // Messages the bot sent, optionally to one person (`to`) or one chat (`chatId`).
  router.get('/messages', (req, res) => {
    const query = parseInput(messagesQuerySchema, req.query);
    const messages = state.messages.list({ sender: 'bot', peer: query.to, chatId: query.chatId });
    res.json({ messages: messages.map(messageJson) });
  });

  router.get('/events', (_req, res) => {
    res.json({ deliveries: state.events.records });
  });

  router.get('/events/:eventKey', (req, res) => {
    const event = state.events.event(routeParam(req, 'eventKey'));
    if (!event) throw new SimInputError('unknown_event', 'no such event since the last reset', 404);
    res.json({ event });
  });

  router.post('/events/:eventKey/replay', (req, res) => {
    res.json({ delivery: replayEvent(state, routeParam(req, 'eventKey')) });
  });

  router.post('/events/forged', async (req, res) => {
    const { kind } = parseInput(forgerySchema, req.body);
    res.json(await pushForgery(state, kind));
  });

  router.post('/events/challenge', async (_req, res) => {
    res.json(await sendChallenge(state));
  });

  return router;
}

export interface MessageView {
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  from: 'bot' | string;
  to: string | null;
  msgType: string;
  text: string;
  content: string;
  createTime: number;
}

function messageJson(m: SimMessage): MessageView {
  return {
    messageId: m.messageId,
    chatId: m.chatId,
    chatType: m.chatType,
    from: m.sender,
    to: m.sender === 'bot' ? (m.peer ?? null) : 'bot',
    msgType: m.msgType,
    text: m.text,
    content: m.content,
    createTime: m.createTime,
  };
}
