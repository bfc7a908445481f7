import { z } from 'zod';

const visibility = z.enum(['only_owner', 'all_members', 'not_anyone']);

/** Body of POST /im/v1/chats. Fields we do not model (avatar, i18n_names, labels…) are accepted and ignored. */
export const createChatBody = z.looseObject({
  name: z.string().max(100).default(''),
  description: z.string().max(100).default(''),
  owner_id: z.string().min(1).optional(),
  user_id_list: z.array(z.string().min(1)).max(50, 'user_id_list holds at most 50 ids').default([]),
  bot_id_list: z.array(z.string().min(1)).max(5, 'bot_id_list holds at most 5 ids').default([]),
  chat_mode: z.literal('group').default('group'),
  chat_type: z.enum(['private', 'public']).default('private'),
  external: z.boolean().default(false),
  join_message_visibility: visibility.default('all_members'),
  leave_message_visibility: visibility.default('all_members'),
  membership_approval: z.enum(['no_approval_required', 'approval_required']).default('no_approval_required'),
  edit_permission: z.enum(['only_owner', 'all_members']).default('all_members'),
  add_member_permission: z.enum(['only_owner', 'all_members']).default('all_members'),
});

export const createChatQuery = z.looseObject({
  uuid: z.string().min(1).max(50, 'uuid holds at most 50 characters').optional(),
  user_id_type: z.string().optional(),
  set_bot_manager: z.enum(['true', 'false']).optional(),
});

export const addMembersBody = z.looseObject({
  id_list: z.array(z.string().min(1)).min(1, 'id_list is empty').max(50, 'id_list holds at most 50 ids'),
});

export const addMembersQuery = z.looseObject({
  member_id_type: z.string().optional(),
  // 0 (default) and 2: fail on any unavailable id; 1: add the available ones and list the rest.
  succeed_type: z.enum(['0', '1', '2']).default('0'),
});

export const listMembersQuery = z.looseObject({
  member_id_type: z.string().optional(),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  page_token: z.string().optional(),
});

export const updateChatBody = z.looseObject({
  owner_id: z.string().min(1).optional(),
  name: z.string().max(100).optional(),
  description: z.string().max(100).optional(),
});
export type UpdateChatBody = z.infer<typeof updateChatBody>;
