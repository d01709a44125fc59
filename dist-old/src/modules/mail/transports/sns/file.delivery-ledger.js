"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.FileDeliveryLedger = void 0;
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
/** Delivered ids remembered at most (oldest forgotten first): a bound on memory and start-up time. */
const MAX_REMEMBERED = 100_000;
/**
 * An in-memory ledger backed by an append-only file of delivered Message-IDs
 * (`DATA_DIR/sns-delivered.log`). It de-duplicates within one process and across its restarts, which
 * covers a Lambda container (warm invocations and SNS redeliveries that land on it) and tests; it does
 * NOT cover two containers handling copies at the same time. Use a shared store in production (see
 * DeliveryLedger).
 */
class FileDeliveryLedger {
    state = new Map();
    file;
    constructor(dataDir) {
        (0, node_fs_1.mkdirSync)(dataDir, { recursive: true });
        this.file = node_path_1.default.join(dataDir, 'sns-delivered.log');
        let lines = [];
        try {
            lines = (0, node_fs_1.readFileSync)(this.file, 'utf8').split('\n');
        }
        catch {
            // none yet
        }
        for (const id of lines.slice(-MAX_REMEMBERED))
            if (id)
                this.state.set(id, 'delivered');
    }
    async claim(messageId) {
        const now = this.state.get(messageId);
        if (now)
            return now;
        this.state.set(messageId, 'in-flight');
        return 'claimed';
    }
    async delivered(messageId) {
        this.state.set(messageId, 'delivered');
        // Ids are validated Message-IDs (no whitespace), so one per line is unambiguous.
        (0, node_fs_1.appendFileSync)(this.file, `${messageId}\n`, { mode: 0o600 });
        if (this.state.size > MAX_REMEMBERED) {
            const oldest = this.state.keys().next().value;
            if (oldest !== undefined)
                this.state.delete(oldest);
        }
    }
    async release(messageId) {
        if (this.state.get(messageId) === 'in-flight')
            this.state.delete(messageId);
    }
}
exports.FileDeliveryLedger = FileDeliveryLedger;
//# sourceMappingURL=file.delivery-ledger.js.map