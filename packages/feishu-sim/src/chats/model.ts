/** A group chat the bot made (the only kind the simulator knows; one-to-one chats live in BotReach). */
export interface Chat {
  chatId: string;
  name: string;
  description: string;
  ownerId: string;
  chatMode: 'group';
  chatType: 'private' | 'public';
  external: boolean;
  /** User open ids, in join order; the owner first. */
  members: string[];
  /** App ids of bots in the chat; the creating bot is always one. */
  bots: string[];
  createdAt: number;
  uuid?: string;
  /** Settings we only echo back. */
  extra: {
    joinMessageVisibility: string;
    leaveMessageVisibility: string;
    membershipApproval: string;
    editPermission: string;
    addMemberPermission: string;
  };
}

export interface NewChat {
  name: string;
  description: string;
  ownerId: string;
  chatType: 'private' | 'public';
  external: boolean;
  members: string[];
  bots: string[];
  uuid?: string;
  extra: Chat['extra'];
}
