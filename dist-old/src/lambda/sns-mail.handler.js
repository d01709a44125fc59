"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RetryableMailFailures = void 0;
exports.createConsumer = createConsumer;
exports.handler = handler;
exports.shutdown = shutdown;
const logger_1 = require("../common/logging/logger");
const config_1 = require("../config/config");
const file_delivery_ledger_1 = require("../modules/mail/transports/sns/file.delivery-ledger");
const sns_mail_consumer_1 = require("../modules/mail/transports/sns/sns-mail.consumer");
const transport_registry_1 = require("../modules/mail/transports/transport.registry");
/**
 * AWS Lambda entry point for the seed's "app publishes to SNS, a Lambda sends the mail": no Nest, no
 * database, no HTTP. Settings come from the function's environment through the same config schema as
 * the service; MAIL_TRANSPORT picks the sending transport through the same registry (`smtp`, `gmail`,
 * `gmail-api` or `ses`; DATA_DIR must be writable, e.g. /tmp/mailgate).
 *
 * SNS invokes Lambda asynchronously and ignores the return value: only a thrown error makes Lambda
 * retry the event (twice, then its on-failure destination). So when a record failed retryably this
 * throws, after handling every record; copies already sent are skipped on the retry by Message-ID.
 */
class RetryableMailFailures extends Error {
    response;
    name = 'RetryableMailFailures';
    constructor(response) {
        super(`${response.batchItemFailures.length} mail(s) failed retryably; Lambda will retry the event`);
        this.response = response;
    }
}
exports.RetryableMailFailures = RetryableMailFailures;
/** Builds what the handler needs from a config: the transport and the ledger. */
function createConsumer(config) {
    if (config.mail.transport === 'sns' || config.mail.transport === 'mailbox')
        throw new Error(`MAIL_TRANSPORT=${config.mail.transport} cannot deliver from the Lambda: use smtp, gmail, gmail-api or ses`);
    const transport = (0, transport_registry_1.createTransport)({ config });
    return {
        transport,
        ledger: new file_delivery_ledger_1.FileDeliveryLedger(config.dataDir),
        log: (0, logger_1.createLogger)(config.logLevel),
    };
}
// Built on the first invocation and kept for the container's life (warm starts reuse pooled
// connections, the refreshed Gmail token and the ledger).
let consumer;
async function handler(event) {
    consumer ??= createConsumer((0, config_1.loadConfig)());
    const response = await (0, sns_mail_consumer_1.processSnsEvent)(event, consumer);
    if (response.batchItemFailures.length > 0)
        throw new RetryableMailFailures(response);
    return response;
}
/** Closes the cached transport's connections (a runtime shutdown hook, and tests). */
async function shutdown() {
    const current = consumer;
    consumer = undefined;
    await current?.transport.close();
}
//# sourceMappingURL=sns-mail.handler.js.map