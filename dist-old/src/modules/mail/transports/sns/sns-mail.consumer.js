"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.processSnsEvent = processSnsEvent;
const mail_transport_port_1 = require("../mail-transport.port");
const sns_mail_message_1 = require("./sns-mail.message");
/**
 * Sends each mail in an SNS event through the configured transport, once per Message-ID: SNS and
 * Lambda both deliver at least once, so a copy of a delivered message is acknowledged and skipped.
 * Retryable failures are returned as `batchItemFailures` (keyed by the SNS MessageId); a permanent
 * failure or a message that is not ours is logged and dropped (retrying cannot fix it).
 * Logs carry ids and outcomes only: the message holds rendered links and codes.
 */
async function processSnsEvent(event, deps) {
    const failures = [];
    // One at a time: an event rarely holds more than one record, and two copies of one message in the
    // same event must see each other's claim.
    for (const record of event.Records ?? []) {
        const outcome = await processRecord(record, deps);
        if (outcome === 'retry')
            failures.push({ itemIdentifier: record.Sns?.MessageId ?? '' });
    }
    return { batchItemFailures: failures };
}
async function processRecord(record, { transport, ledger, log }) {
    const snsMessageId = record.Sns?.MessageId;
    if (record.EventSource !== 'aws:sns' || record.Sns?.Type !== 'Notification') {
        log.warn({ snsMessageId, eventSource: record.EventSource }, 'sns mail: not an SNS notification, skipped');
        return 'done';
    }
    let mail;
    try {
        mail = (0, sns_mail_message_1.fromSnsMessage)(record.Sns.Message);
    }
    catch {
        log.error({ snsMessageId }, 'sns mail: the message is not a mailgate mail, dropped');
        return 'done';
    }
    const messageId = mail.messageId;
    const claim = await ledger.claim(messageId);
    if (claim === 'delivered') {
        log.info({ snsMessageId, messageId, outcome: 'duplicate' }, 'sns mail: already delivered, skipped');
        return 'done';
    }
    if (claim === 'in-flight') {
        log.info({ snsMessageId, messageId, outcome: 'in-flight' }, 'sns mail: being delivered elsewhere, retry later');
        return 'retry';
    }
    try {
        await transport.send(mail);
    }
    catch (err) {
        await ledger.release(messageId);
        const failure = err instanceof mail_transport_port_1.TransportError ? err : new mail_transport_port_1.TransportError('retryable', 'unexpected transport error');
        const retry = failure.kind !== 'permanent';
        log.warn({
            snsMessageId,
            messageId,
            transport: transport.name,
            outcome: retry ? 'retry' : 'failed',
            error: failure.message,
        }, 'sns mail delivery');
        return retry ? 'retry' : 'done';
    }
    await ledger.delivered(messageId);
    log.info({ snsMessageId, messageId, transport: transport.name, outcome: 'sent' }, 'sns mail delivery');
    return 'done';
}
//# sourceMappingURL=sns-mail.consumer.js.map