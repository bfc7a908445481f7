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
  /** `dissolved`: its owner dissolved it in the client; the API then answers 232009. */
  status: 'normal' | 'dissolved';
  /** Every owner change, oldest first, so a test can tell that nothing moved twice. */
  ownerChanges: OwnerChange[];
  /** Settings we only echo back. */
  extra: {
    joinMessageVisibility: string;
    leaveMessageVisibility: string;
    membershipApproval: string;
    editPermission: string;
    addMemberPermission: string;
  };
}

export interface OwnerChange {
  from: string;
  to: string;
  at: number;
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
