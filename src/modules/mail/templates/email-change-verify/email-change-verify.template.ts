import type { Template } from '../template.renderer';
import { en } from './en';
import { ko } from './ko';

/**
 * To the new address of an email change: a link to the confirm page and a 6-digit code.
 * Values: data `name`, `linkExpiresAt`, `codeExpiresAt` (ISO times); secrets `link`, `code`.
 */
export const emailChangeVerify: Template = { en, ko };
