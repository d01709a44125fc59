"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.RawMessageComposer = void 0;
const nodemailer_1 = __importDefault(require("nodemailer"));
const mail_transport_port_1 = require("../mail-transport.port");
const nodemailer_message_1 = require("./nodemailer-message");
/**
 * Builds the RFC 5322 message (CRLF line ends) for providers that take raw mail over HTTP: the Gmail
 * API (`raw`), SES (`Content.Raw.Data`). nodemailer's stream transport composes it with the same
 * encoder the SMTP sender uses (and signs it with DKIM when `DKIM_*` is set), so a message looks the
 * same whichever transport carried it, our Message-ID included.
 */
class RawMessageComposer {
    composer;
    constructor(dkim) {
        this.composer = nodemailer_1.default.createTransport({
            streamTransport: true,
            buffer: true,
            newline: 'windows',
            dkim: dkim && { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey },
        });
    }
    async compose(mail) {
        try {
            const info = await this.composer.sendMail((0, nodemailer_message_1.toNodemailerMessage)(mail));
            return info.message;
        }
        catch (err) {
            // Deterministic: the same input fails the same way next time.
            const code = err.code ?? 'unknown error';
            throw new mail_transport_port_1.TransportError('permanent', `the message could not be built: ${code}`);
        }
    }
}
exports.RawMessageComposer = RawMessageComposer;
//# sourceMappingURL=raw-message.composer.js.map