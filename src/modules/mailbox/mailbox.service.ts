import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { MailboxErrors } from './mailbox.errors';
import { MAILBOX_STORE, type MailboxStore, type MessageMeta, normalizeAddress } from './mailbox.store';
import type { Resolver } from './message/local-resolver';
import {
  type MessageListItem,
  type MessageView,
  readAttachment,
  toListItem,
  toMessageView,
} from './message/message-view';

/** DI token for the DNS resolver used by the DKIM/SPF check (local-resolver.ts). */
export const MAILBOX_RESOLVER = Symbol('MailboxResolver');

export interface ListQuery {
  to?: string;
  q?: string;
  limit: number;
}

/** The mailbox's use cases for the REST API and the web inbox. */
@Injectable()
export class MailboxService implements BeforeApplicationShutdown {
  /** Pending long-polls and live feeds, released (as "nothing yet") when the app shuts down. */
  private readonly waiting = new Set<() => void>();

  constructor(
    @Inject(MAILBOX_STORE) private readonly store: MailboxStore,
    @Inject(MAILBOX_RESOLVER) private readonly resolver: Resolver,
  ) {}

  list(query: ListQuery): MessageListItem[] {
    const needle = query.q?.toLowerCase();
    const where = needle
      ? (m: MessageMeta) =>
          m.subject.toLowerCase().includes(needle) ||
          m.from.toLowerCase().includes(needle) ||
          m.sender.toLowerCase().includes(needle) ||
          m.toHeader.toLowerCase().includes(needle) ||
          m.recipients.some((r) => r.includes(needle)) ||
          m.snippet.includes(needle)
      : undefined;
    return this.store
      .list({ recipient: query.to, where, limit: query.limit, order: 'newest' })
      .map(toListItem);
  }

  meta(id: number): MessageMeta {
    const meta = this.store.get(id);
    if (!meta) throw new AppError(MailboxErrors.messageNotFound);
    return meta;
  }

  async view(id: number): Promise<MessageView> {
    const meta = this.meta(id);
    return toMessageView(meta, await this.raw(id), this.resolver);
  }

  async attachment(
    id: number,
    index: number,
  ): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const found = await readAttachment(await this.raw(id), index);
    if (!found) throw new AppError(MailboxErrors.attachmentNotFound);
    return found;
  }

  async raw(id: number): Promise<Buffer> {
    this.meta(id);
    try {
      return await this.store.readRaw(id);
    } catch (err) {
      // Deleted between the lookup and the read.
      if (!this.store.get(id)) throw new AppError(MailboxErrors.messageNotFound);
      throw err;
    }
  }

  /**
   * The oldest message to `to` with an id above `after` (any id when absent): at once if one
   * exists, else the next one to arrive, else undefined after `timeoutMs` or on `signal`.
   * Event-driven: the listener is registered before the existing messages are checked, so a
   * message committed in between is not missed, and it is removed on every way out.
   */
  waitFor(
    to: string,
    after: number | undefined,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<MessageMeta | undefined> {
    const recipient = normalizeAddress(to);
    const floor = after ?? 0;
    return new Promise((resolve) => {
      let done = false;
      const cleanup: { timer?: NodeJS.Timeout; unsubscribe?: () => void } = {};
      const release = () => finish(undefined);
      const finish = (meta: MessageMeta | undefined) => {
        if (done) return;
        done = true;
        cleanup.unsubscribe?.();
        clearTimeout(cleanup.timer);
        signal.removeEventListener('abort', release);
        this.waiting.delete(release);
        resolve(meta);
      };
      cleanup.unsubscribe = this.store.onAppend((m) => {
        if (m.id > floor && m.recipients.includes(recipient)) finish(m);
      });
      const existing = this.store.list({ recipient, after: floor, limit: 1, order: 'oldest' })[0];
      if (existing) return finish(existing);
      if (signal.aborted) return finish(undefined);
      signal.addEventListener('abort', release, { once: true });
      this.waiting.add(release);
      cleanup.timer = setTimeout(release, timeoutMs);
    });
  }

  /**
   * A live feed of new messages (optionally to one recipient) for the web inbox. `end` is called
   * at shutdown so an open stream never holds the server open. Returns the unsubscribe function.
   */
  follow(to: string | undefined, onMessage: (item: MessageListItem) => void, end: () => void): () => void {
    const recipient = to ? normalizeAddress(to) : undefined;
    const unsubscribe = this.store.onAppend((m) => {
      if (recipient === undefined || m.recipients.includes(recipient)) onMessage(toListItem(m));
    });
    const release = () => {
      stop();
      end();
    };
    const stop = () => {
      unsubscribe();
      this.waiting.delete(release);
    };
    this.waiting.add(release);
    return stop;
  }

  async remove(id: number): Promise<void> {
    if (!(await this.store.remove(id))) throw new AppError(MailboxErrors.messageNotFound);
  }

  clear(): Promise<void> {
    return this.store.clear();
  }

  /** Long-polls and live feeds open right now. */
  get openWaits(): number {
    return this.waiting.size;
  }

  beforeApplicationShutdown(): void {
    for (const release of [...this.waiting]) release();
  }
}
