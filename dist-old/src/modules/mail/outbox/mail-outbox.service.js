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
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailOutboxService = void 0;
const common_1 = require("@nestjs/common");
const mail_worker_1 = require("../worker/mail.worker");
const outbox_store_1 = require("./outbox.store");
/** MAIL_OUTBOX and MAIL_COURIER: what other features see of the mail module. */
let MailOutboxService = class MailOutboxService {
    store;
    worker;
    constructor(store, worker) {
        this.store = store;
        this.worker = worker;
    }
    enqueue(tx, mail) {
        return this.store.insert(tx, mail);
    }
    enqueueRaw(tx, mail) {
        return this.store.insertRaw(tx, mail);
    }
    find(id, db) {
        return this.store.find(id, db);
    }
    wake() {
        this.worker.wake();
    }
};
exports.MailOutboxService = MailOutboxService;
exports.MailOutboxService = MailOutboxService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [outbox_store_1.OutboxStore,
        mail_worker_1.MailWorker])
], MailOutboxService);
//# sourceMappingURL=mail-outbox.service.js.map