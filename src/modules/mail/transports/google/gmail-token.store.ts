import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface AccessToken {
  accessToken: string;
  /** When it stops working, in ms since the epoch; 0 when unknown. */
  expires: number;
}

interface TokenFile extends AccessToken {
  /** Whose token it is: a file left by another account or OAuth client is ignored. */
  user: string;
  clientId: string;
}

/**
 * Keeps the last refreshed Gmail access token in `DATA_DIR/gmail-token.json` (mode 0600) so a restart
 * reuses it instead of asking Google again. Shared by `gmail` and `gmail-api`: both use the same client
 * and scope. The refresh token is never written here; it stays in the settings.
 */
export class GmailTokenStore {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly owner: { user: string; clientId: string },
  ) {
    this.file = path.join(dataDir, 'gmail-token.json');
  }

  /** The stored token if it belongs to this user and client and has not expired. */
  load(now = Date.now()): AccessToken | undefined {
    let parsed: Partial<TokenFile>;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<TokenFile>;
    } catch {
      return undefined; // none yet, or unreadable: nodemailer / the API client will refresh
    }
    if (parsed.user !== this.owner.user || parsed.clientId !== this.owner.clientId) return undefined;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.expires !== 'number') return undefined;
    if (parsed.expires !== 0 && parsed.expires <= now) return undefined;
    return { accessToken: parsed.accessToken, expires: parsed.expires };
  }

  /** Written to a temporary file then renamed, so a crash never leaves half a token behind. */
  save(token: AccessToken): void {
    const body: TokenFile = { ...this.owner, accessToken: token.accessToken, expires: token.expires };
    const tmp = `${this.file}.${process.pid}.tmp`;
    // 0600: an access token is a bearer credential for the mailbox.
    writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}

/**
 * The token to start with: the configured GMAIL_ACCESS_TOKEN / GMAIL_TOKEN_EXPIRES, unless a stored one
 * lives longer. Either may be absent; then the first send refreshes.
 */
export function initialToken(
  configured: { accessToken?: string; expires?: number },
  stored: AccessToken | undefined,
): AccessToken | undefined {
  const fromConfig = configured.accessToken
    ? { accessToken: configured.accessToken, expires: configured.expires ?? 0 }
    : undefined;
  if (!stored) return fromConfig;
  if (!fromConfig) return stored;
  return fromConfig.expires !== 0 && fromConfig.expires < stored.expires ? stored : fromConfig;
}
