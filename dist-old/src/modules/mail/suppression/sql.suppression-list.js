"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlSuppressionList = exports.suppressionKey = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
const toSuppression = (r) => ({
    address: r.address,
    reason: r.reason,
    source: r.source,
    createdAt: new Date(r.created_at),
});
/**
 * The whole address lower-cased. RFC 5321 lets a local part be case-sensitive, but no real mailbox
 * distinguishes `Ada@x` from `ada@x`: suppressing both is the safe side of a do-not-mail list.
 */
const suppressionKey = (address) => address.trim().toLowerCase();
exports.suppressionKey = suppressionKey;
/** The `suppressions` table (migration 003). */
let SqlSuppressionList = class SqlSuppressionList {
    db;
    constructor(db) {
        this.db = db;
    }
    async find(address) {
        const [row] = await this.db.query('SELECT address, reason, source, created_at FROM suppressions WHERE address_key = $1', [(0, exports.suppressionKey)(address)]);
        return row && toSuppression(row);
    }
    async list(limit) {
        const rows = await this.db.query('SELECT address, reason, source, created_at FROM suppressions ORDER BY created_at DESC, address_key LIMIT $1', [limit]);
        return rows.map(toSuppression);
    }
    async add(address, reason, source) {
        // One statement, so two concurrent adds of one address cannot both insert or fail on the key;
        // the no-op update makes RETURNING give back the row that was already there.
        const [row] = await this.db.query(`INSERT INTO suppressions (address_key, address, reason, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT (address_key) DO UPDATE SET address_key = suppressions.address_key
       RETURNING address, reason, source, created_at`, [(0, exports.suppressionKey)(address), address.trim(), reason, source]);
        return toSuppression(row);
    }
    async remove(address) {
        const rows = await this.db.query('DELETE FROM suppressions WHERE address_key = $1 RETURNING address_key', [(0, exports.suppressionKey)(address)]);
        return rows.length > 0;
    }
};
exports.SqlSuppressionList = SqlSuppressionList;
exports.SqlSuppressionList = SqlSuppressionList = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.DB)),
    __metadata("design:paramtypes", [Object])
], SqlSuppressionList);
//# sourceMappingURL=sql.suppression-list.js.map