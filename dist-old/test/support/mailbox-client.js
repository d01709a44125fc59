"use strict";
/**
 * A small typed client for the dev mailbox's REST API (CONTRACT §5), for tests that read mail
 * the way a user's client would: over HTTP from a running app.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxClient = void 0;
class MailboxClient {
    baseUrl;
    /** `baseUrl` is the app's URL, e.g. TestApp.url. */
    constructor(baseUrl) {
        this.baseUrl = baseUrl;
    }
    url(path, params = {}) {
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(params))
            if (v !== undefined)
                search.set(k, String(v));
        const qs = search.toString();
        return `${this.baseUrl}/mailbox/api${path}${qs ? `?${qs}` : ''}`;
    }
    async expect(res, status) {
        if (res.status !== status)
            throw new Error(`${res.url}: expected ${status}, got ${res.status} ${await res.text()}`);
        return res;
    }
    async list(options = {}) {
        const res = await this.expect(await fetch(this.url('/messages', options)), 200);
        return (await res.json()).messages;
    }
    async get(id) {
        const res = await this.expect(await fetch(this.url(`/messages/${id}`)), 200);
        return (await res.json());
    }
    async raw(id) {
        const res = await this.expect(await fetch(this.url(`/messages/${id}/raw`)), 200);
        return Buffer.from(await res.arrayBuffer());
    }
    /** The first message to `to` newer than `after` (any, if left out); null when the wait timed out. */
    async waitFor(to, options = {}) {
        const res = await fetch(this.url('/wait', { to, after: options.after, timeout: options.timeoutMs }));
        if (res.status === 204)
            return null;
        await this.expect(res, 200);
        return (await res.json());
    }
    async delete(id) {
        await this.expect(await fetch(this.url(`/messages/${id}`), { method: 'DELETE' }), 204);
    }
    async clear() {
        await this.expect(await fetch(this.url('/messages'), { method: 'DELETE' }), 204);
    }
}
exports.MailboxClient = MailboxClient;
//# sourceMappingURL=mailbox-client.js.map