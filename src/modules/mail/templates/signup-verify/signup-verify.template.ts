import type { Template } from '../template.renderer';
import { en } from './en';
import { ko } from './ko';

/**
 * The signup challenge: a link to the confirm page and a 6-digit code for the same challenge.
 * Values: data `name`, `linkExpiresAt`, `codeExpiresAt` (ISO times); secrets `link`, `code`.
 */
export const signupVerify: Template = { en, ko };
