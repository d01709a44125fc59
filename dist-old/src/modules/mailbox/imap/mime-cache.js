"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MimeCache = void 0;
const mime_structure_1 = require("./mime-structure");
/**
 * Parsed MIME trees by message id, least recently used dropped first. A tree is offsets and
 * header fields only (no body bytes), and the bound keeps memory flat however many messages a
 * client walks through (a full download of 10 000 messages touches each once).
 */
class MimeCache {
    capacity;
    entries = new Map();
    constructor(capacity = 256) {
        this.capacity = capacity;
    }
    get(id, raw) {
        const hit = this.entries.get(id);
        if (hit) {
            this.entries.delete(id);
            this.entries.set(id, hit);
            return hit;
        }
        const node = (0, mime_structure_1.parseMime)(raw);
        this.entries.set(id, node);
        if (this.entries.size > this.capacity)
            this.entries.delete(this.entries.keys().next().value);
        return node;
    }
    get size() {
        return this.entries.size;
    }
}
exports.MimeCache = MimeCache;
//# sourceMappingURL=mime-cache.js.map