"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TokenEndpoint = exports.HttpStandIn = void 0;
exports.deadPort = deadPort;
const node_http_1 = __importDefault(require("node:http"));
/**
 * A tiny HTTP server on 127.0.0.1:0 standing in for a provider endpoint we cannot reach from here.
 * `handle` checks each request the way the provider documents it and answers; everything it saw is
 * kept in `requests`, and every check it failed in `problems` (a test asserts that list is empty, so
 * a request the real endpoint would refuse fails the test even if the stand-in answered).
 */
class HttpStandIn {
    requests = [];
    problems = [];
    server;
    url = '';
    static async start(handle) {
        const s = new HttpStandIn();
        s.server = node_http_1.default.createServer((req, res) => s.onRequest(req, res, handle));
        await new Promise((resolve) => s.server.listen(0, '127.0.0.1', resolve));
        s.url = `http://127.0.0.1:${s.server.address().port}`;
        return s;
    }
    /** Records a failed check and returns the 400 a strict server would answer. */
    reject(problem) {
        this.problems.push(problem);
        return { status: 400, body: { error: 'invalid_request', error_description: problem } };
    }
    close() {
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
    onRequest(req, res, handle) {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const seen = {
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
exports.HttpStandIn = HttpStandIn;
/**
 * Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token) for the refresh-token grant:
 * POST, application/x-www-form-urlencoded, grant_type=refresh_token with client_id, client_secret and
 * refresh_token; answers {access_token, expires_in, token_type: "Bearer"} or an RFC 6749 §5.2 error.
 */
class TokenEndpoint {
    server;
    client;
    /** Set to answer every refresh with this error, e.g. 'invalid_grant'. */
    failWith;
    minted = 0;
    constructor(server, client) {
        this.server = server;
        this.client = client;
    }
    static async start(client) {
        const box = {};
        const server = await HttpStandIn.start((req, s) => box.endpoint.answer(req, s));
        const endpoint = new TokenEndpoint(server, client);
        box.endpoint = endpoint;
        return endpoint;
    }
    get url() {
        return `${this.server.url}/token`;
    }
    /** The last access token handed out. */
    get current() {
        return this.minted === 0 ? undefined : `ya29.test-${this.minted}`;
    }
    get refreshes() {
        return this.server.requests.length;
    }
    answer(req, s) {
        if (req.method !== 'POST')
            return s.reject(`method ${req.method}`);
        if (req.path !== '/token')
            return s.reject(`path ${req.path}`);
        if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
            return s.reject(`content-type ${req.headers['content-type']}`);
        const form = new URLSearchParams(req.body);
        if (form.get('grant_type') !== 'refresh_token')
            return s.reject('grant_type');
        if (form.get('client_id') !== this.client.clientId)
            return s.reject('client_id');
        if (form.get('client_secret') !== this.client.clientSecret)
            return s.reject('client_secret');
        if (form.get('refresh_token') !== this.client.refreshToken)
            return s.reject('refresh_token');
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
exports.TokenEndpoint = TokenEndpoint;
/** A port nothing listens on: bound, then closed. (Not a "bad port" such as 9, which fetch refuses to try.) */
async function deadPort() {
    const server = node_http_1.default.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    return port;
}
//# sourceMappingURL=http-stand-in.js.map