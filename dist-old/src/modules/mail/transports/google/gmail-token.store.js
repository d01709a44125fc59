"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.GmailTokenStore = void 0;
exports.initialToken = initialToken;
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
/**
 * Keeps the last refreshed Gmail access token in `DATA_DIR/gmail-token.json` (mode 0600) so a restart
 * reuses it instead of asking Google again. Shared by `gmail` and `gmail-api`: both use the same client
 * and scope. The refresh token is never written here; it stays in the settings.
 */
class GmailTokenStore {
    owner;
    file;
    constructor(dataDir, owner) {
        this.owner = owner;
        this.file = node_path_1.default.join(dataDir, 'gmail-token.json');
    }
    /** The stored token if it belongs to this user and client and has not expired. */
    load(now = Date.now()) {
        let parsed;
        try {
            parsed = JSON.parse((0, node_fs_1.readFileSync)(this.file, 'utf8'));
        }
        catch {
            return undefined; // none yet, or unreadable: nodemailer / the API client will refresh
        }
        if (parsed.user !== this.owner.user || parsed.clientId !== this.owner.clientId)
            return undefined;
        if (typeof parsed.accessToken !== 'string' || typeof parsed.expires !== 'number')
            return undefined;
        if (parsed.expires !== 0 && parsed.expires <= now)
            return undefined;
        return { accessToken: parsed.accessToken, expires: parsed.expires };
    }
    /** Written to a temporary file then renamed, so a crash never leaves half a token behind. */
    save(token) {
        const body = { ...this.owner, accessToken: token.accessToken, expires: token.expires };
        const tmp = `${this.file}.${process.pid}.tmp`;
        // 0600: an access token is a bearer credential for the mailbox.
        (0, node_fs_1.writeFileSync)(tmp, JSON.stringify(body), { mode: 0o600 });
        (0, node_fs_1.chmodSync)(tmp, 0o600);
        (0, node_fs_1.renameSync)(tmp, this.file);
    }
}
exports.GmailTokenStore = GmailTokenStore;
/**
 * The token to start with: the configured GMAIL_ACCESS_TOKEN / GMAIL_TOKEN_EXPIRES, unless a stored one
 * lives longer. Either may be absent; then the first send refreshes.
 */
function initialToken(configured, stored) {
    const fromConfig = configured.accessToken
        ? { accessToken: configured.accessToken, expires: configured.expires ?? 0 }
        : undefined;
    if (!stored)
        return fromConfig;
    if (!fromConfig)
        return stored;
    return fromConfig.expires !== 0 && fromConfig.expires < stored.expires ? stored : fromConfig;
}
//# sourceMappingURL=gmail-token.store.js.map