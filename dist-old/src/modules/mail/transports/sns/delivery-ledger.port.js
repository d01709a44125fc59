"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=delivery-ledger.port.js.map