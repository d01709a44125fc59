"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createSnsClient = createSnsClient;
const client_sns_1 = require("@aws-sdk/client-sns");
/** The SNS client for MAIL_TRANSPORT=sns, built here and passed in; one attempt, as for SES. */
function createSnsClient(config) {
    const aws = config.mail.aws;
    return new client_sns_1.SNSClient({
        region: aws.region,
        endpoint: aws.snsEndpoint,
        credentials: aws.credentials,
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    });
}
//# sourceMappingURL=sns.client.js.map