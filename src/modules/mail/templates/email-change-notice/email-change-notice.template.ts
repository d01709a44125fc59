import type { Template } from '../template.renderer';
import { en } from './en';
import { ko } from './ko';

/**
 * To the old address of an email change: what was asked and the undo link (7 days).
 * Values: data `name`, `newEmail`, `undoExpiresAt` (ISO time); secrets `link`.
 */
export const emailChangeNotice: Template = { en, ko };
