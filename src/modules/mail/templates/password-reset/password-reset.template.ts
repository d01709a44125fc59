import type { Template } from '../template.renderer';
import { en } from './en';
import { ko } from './ko';

/** The password-reset link. Values: data `name`, `expiresAt` (ISO time); secrets `link`. */
export const passwordReset: Template = { en, ko };
