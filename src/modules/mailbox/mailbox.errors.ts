import { defineErrors } from '../../common/errors/app-error';

export const MailboxErrors = defineErrors({
  messageNotFound: {
    status: 404,
    code: 'message_not_found',
    message: 'No message with this id in the mailbox.',
  },
  noHtmlPart: { status: 404, code: 'no_html_part', message: 'This message has no HTML part.' },
  attachmentNotFound: {
    status: 404,
    code: 'attachment_not_found',
    message: 'This message has no attachment with that index.',
  },
});
