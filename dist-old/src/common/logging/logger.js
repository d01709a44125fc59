"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.NestPinoLogger = void 0;
exports.createLogger = createLogger;
const pino_1 = __importDefault(require("pino"));
/** Structured JSON logs on stdout (one object a line), the format log shippers expect. */
function createLogger(level) {
    return (0, pino_1.default)({ level, base: { service: 'mailgate' }, timestamp: pino_1.default.stdTimeFunctions.isoTime });
}
/** Routes Nest's own messages into the same pino stream. */
class NestPinoLogger {
    pino;
    constructor(pino) {
        this.pino = pino;
    }
    log(message, context) {
        this.pino.info({ context }, String(message));
    }
    error(message, trace, context) {
        this.pino.error({ context, trace }, String(message));
    }
    warn(message, context) {
        this.pino.warn({ context }, String(message));
    }
    debug(message, context) {
        this.pino.debug({ context }, String(message));
    }
    verbose(message, context) {
        this.pino.trace({ context }, String(message));
    }
}
exports.NestPinoLogger = NestPinoLogger;
//# sourceMappingURL=logger.js.map