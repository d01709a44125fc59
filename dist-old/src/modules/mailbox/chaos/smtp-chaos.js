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
exports.SmtpChaos = void 0;
const common_1 = require("@nestjs/common");
const tokens_1 = require("../../../core/tokens");
/**
 * The faults the dev mailbox's SMTP listener injects (MAILBOX_CHAOS, `/mailbox/api/chaos`): for
 * each message, the first rule that fires decides its fate. A rule with `rate: 1` always fires and
 * one with a `count` fires for that many messages and is then spent, so tests need no luck.
 */
let SmtpChaos = class SmtpChaos {
    rules;
    constructor(config) {
        this.rules = config.mailbox.chaos.map((r) => ({ ...r }));
    }
    /** The rules in force, counts showing what is left. */
    current() {
        return this.rules.map((r) => ({ ...r }));
    }
    set(rules) {
        this.rules = rules.map((r) => ({ ...r }));
    }
    clear() {
        this.rules = [];
    }
    /** What to do with the next message: a reply code, 'drop', or undefined to store it normally. */
    draw(random = Math.random) {
        for (const rule of this.rules) {
            if (rule.rate < 1 && !(random() < rule.rate))
                continue;
            if (rule.count !== undefined) {
                rule.count--;
                if (rule.count === 0)
                    this.rules = this.rules.filter((r) => r !== rule);
            }
            return rule.reply;
        }
        return undefined;
    }
};
exports.SmtpChaos = SmtpChaos;
exports.SmtpChaos = SmtpChaos = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.CONFIG)),
    __metadata("design:paramtypes", [Object])
], SmtpChaos);
//# sourceMappingURL=smtp-chaos.js.map