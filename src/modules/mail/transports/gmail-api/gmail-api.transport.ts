import type { AppConfig } from '../../../../config/config';
import type { HealthResult } from '../../../health/health.port';
import { GmailTokenStore, initialToken } from '../google/gmail-token.store';
import { GoogleTokenClient, networkCode } from '../google/google-token.client';
import { OAuthGrantState } from '../google/oauth-grant.state';
import {
  type MailTransport,
  type OutgoingMail,
  type SendResult,
  TransportError,
} from '../mail-transport.port';
import { RawMessageComposer } from '../nodemailer/raw-message.composer';
import { classifyGmailApiReply } from './gmail-api-error.classifier';

const SEND_PATH = '/gmail/v1/users/me/messages/send';
const TIMEOUT_MS = 30_000;
/** A Retry-After up to this long is waited out inside the send; a longer one goes back to the worker. */
const INLINE_WAIT_MAX_MS = 5_000;
const INLINE_RETRIES = 2;

/**
 * MAIL_TRANSPORT=gmail-api: `POST /gmail/v1/users/me/messages/send` with `{raw: base64url(RFC 5322)}`,
 * the message built by the shared composer (our Message-ID and header encoding), authorised with a
 * Bearer access token from the refresh-token grant. A 401 refreshes the token once and tries again.
 */
export class GmailApiTransport implements MailTransport {
  readonly name = 'gmail-api';
  readonly grant = new OAuthGrantState();
  private readonly tokens: GoogleTokenClient;
  private readonly composer: RawMessageComposer;
  private readonly sendUrl: string;

  constructor(
    config: AppConfig,
    /** Waits between inline retries; replaced in tests. */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    const g = config.mail.gmail;
    if (!g.user || !g.clientId || !g.clientSecret)
      throw new Error(
        'GMAIL_USER, GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET are required when MAIL_TRANSPORT=gmail-api',
      );
    const store = new GmailTokenStore(config.dataDir, { user: g.user, clientId: g.clientId });
    this.tokens = new GoogleTokenClient(
      {
        clientId: g.clientId,
        clientSecret: g.clientSecret,
        refreshToken: g.refreshToken,
        accessUrl: g.accessUrl,
      },
      store,
      this.grant,
      initialToken(g, store.load()),
    );
    this.composer = new RawMessageComposer(config.mail.dkim);
    this.sendUrl = `${g.apiUrl}${SEND_PATH}`;
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    if (this.grant.isDead) throw this.grant.failure();
    const raw = (await this.composer.compose(mail)).toString('base64url');
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = refreshed ? await this.tokens.refresh() : await this.tokens.token();
      const res = await this.post(token, raw);
      if (res.ok) {
        const body = (await res.json().catch(() => ({}))) as { id?: unknown };
        const id = typeof body.id === 'string' ? body.id : 'unknown';
        return { accepted: [mail.to.address], response: `Gmail API accepted, id ${id}` };
      }
      // The token was refused (revoked, or expired early): refresh once, then it is an auth failure.
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        await res.body?.cancel();
        continue;
      }
      const failure = await classifyGmailApiReply(res);
      // 429 and 5xx: Google's Retry-After when it sent one, else a short doubling pause.
      const wait = failure.retryAfterMs ?? 500 * 2 ** attempt;
      if (failure.kind !== 'permanent' && attempt < INLINE_RETRIES && wait <= INLINE_WAIT_MAX_MS) {
        await this.sleep(wait);
        continue;
      }
      throw failure;
    }
  }

  health(): HealthResult {
    return this.grant.health(`gmail api ${new URL(this.sendUrl).host}`);
  }

  async close(): Promise<void> {}

  private async post(token: string, raw: string): Promise<Response> {
    try {
      return await fetch(this.sendUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ raw }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new TransportError('retryable', `network error talking to the Gmail API: ${networkCode(err)}`);
    }
  }
}
