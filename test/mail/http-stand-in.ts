import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a stand-in server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A tiny HTTP server on 127.0.0.1:0 standing in for a provider endpoint we cannot reach from here.
 * `handle` checks each request the way the provider documents it and answers; everything it saw is
 * kept in `requests`, and every check it failed in `problems` (a test asserts that list is empty, so
 * a request the real endpoint would refuse fails the test even if the stand-in answered).
 */
export class HttpStandIn {
  readonly requests: SeenRequest[] = [];
  readonly problems: string[] = [];
  private server!: http.Server;
  url = '';

  static async start(handle: (req: SeenRequest, standIn: HttpStandIn) => Reply): Promise<HttpStandIn> {
    const s = new HttpStandIn();
    s.server = http.createServer((req, res) => s.onRequest(req, res, handle));
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Records a failed check and returns the 400 a strict server would answer. */
  reject(problem: string): Reply {
    this.problems.push(problem);
    return { status: 400, body: { error: 'invalid_request', error_description: problem } };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(
    req: IncomingMessage,
    res: ServerResponse,
    handle: (req: SeenRequest, standIn: HttpStandIn) => Reply,
  ): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(seen);
      const reply = handle(seen, this);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status, {
        'content-type': typeof reply.body === 'string' ? 'text/xml' : 'application/json',
        ...reply.headers,
      });
      res.end(text);
    });
  }
}

/**
 * Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token) for the refresh-token grant:
 * POST, application/x-www-form-urlencoded, grant_type=refresh_token with client_id, client_secret and
 * refresh_token; answers {access_token, expires_in, token_type: "Bearer"} or an RFC 6749 §5.2 error.
 */
export class TokenEndpoint {
  /** Set to answer every refresh with this error, e.g. 'invalid_grant'. */
  failWith?: string;
  private minted = 0;

  private constructor(
    readonly server: HttpStandIn,
    private readonly client: { clientId: string; clientSecret: string; refreshToken: string },
  ) {}

  static async start(client: {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
  }): Promise<TokenEndpoint> {
    const box: { endpoint?: TokenEndpoint } = {};
    const server = await HttpStandIn.start((req, s) => (box.endpoint as TokenEndpoint).answer(req, s));
    const endpoint = new TokenEndpoint(server, client);
    box.endpoint = endpoint;
    return endpoint;
  }

  get url(): string {
    return `${this.server.url}/token`;
  }

  /** The last access token handed out. */
  get current(): string | undefined {
    return this.minted === 0 ? undefined : `ya29.test-${this.minted}`;
  }

  get refreshes(): number {
    return this.server.requests.length;
  }

  private answer(req: SeenRequest, s: HttpStandIn): Reply {
    if (req.method !== 'POST') return s.reject(`method ${req.method}`);
    if (req.path !== '/token') return s.reject(`path ${req.path}`);
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return s.reject(`content-type ${req.headers['content-type']}`);
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== 'refresh_token') return s.reject('grant_type');
    if (form.get('client_id') !== this.client.clientId) return s.reject('client_id');
    if (form.get('client_secret') !== this.client.clientSecret) return s.reject('client_secret');
    if (form.get('refresh_token') !== this.client.refreshToken) return s.reject('refresh_token');
    if (this.failWith)
      return {
        status: 400,
        body: { error: this.failWith, error_description: 'Token has been expired or revoked.' },
      };
    this.minted++;
    return {
      status: 200,
      body: {
        access_token: this.current,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'https://mail.google.com/',
      },
    };
  }
}

/** A port nothing listens on: bound, then closed. (Not a "bad port" such as 9, which fetch refuses to try.) */
export async function deadPort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
