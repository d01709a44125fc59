/**
 * A small typed client for the dev mailbox's REST API (CONTRACT §5), for tests that read mail
 * the way a user's client would: over HTTP from a running app.
 */

import type { MessageListItem, MessageView } from '../../src/modules/mailbox/message/message-view';

/** The shapes the REST API answers with, taken from the code that produces them. */
export type MailboxListItem = MessageListItem;
export type MailboxMessage = MessageView;

export class MailboxClient {
  /** `baseUrl` is the app's URL, e.g. TestApp.url. */
  constructor(private readonly baseUrl: string) {}

  private url(path: string, params: Record<string, string | number | undefined> = {}): string {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    return `${this.baseUrl}/mailbox/api${path}${qs ? `?${qs}` : ''}`;
  }

  private async expect(res: Response, status: number): Promise<Response> {
    if (res.status !== status)
      throw new Error(`${res.url}: expected ${status}, got ${res.status} ${await res.text()}`);
    return res;
  }

  async list(options: { to?: string; q?: string; limit?: number } = {}): Promise<MailboxListItem[]> {
    const res = await this.expect(await fetch(this.url('/messages', options)), 200);
    return ((await res.json()) as { messages: MailboxListItem[] }).messages;
  }

  async get(id: number): Promise<MailboxMessage> {
    const res = await this.expect(await fetch(this.url(`/messages/${id}`)), 200);
    return (await res.json()) as MailboxMessage;
  }

  async raw(id: number): Promise<Buffer> {
    const res = await this.expect(await fetch(this.url(`/messages/${id}/raw`)), 200);
    return Buffer.from(await res.arrayBuffer());
  }

  /** The first message to `to` newer than `after` (any, if left out); null when the wait timed out. */
  async waitFor(
    to: string,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<MailboxMessage | null> {
    const res = await fetch(this.url('/wait', { to, after: options.after, timeout: options.timeoutMs }));
    if (res.status === 204) return null;
    await this.expect(res, 200);
    return (await res.json()) as MailboxMessage;
  }

  async delete(id: number): Promise<void> {
    await this.expect(await fetch(this.url(`/messages/${id}`), { method: 'DELETE' }), 204);
  }

  async clear(): Promise<void> {
    await this.expect(await fetch(this.url('/messages'), { method: 'DELETE' }), 204);
  }
}
