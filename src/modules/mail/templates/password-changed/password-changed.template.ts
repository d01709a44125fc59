import type { Template } from '../template.renderer';
import { en } from './en';
import { ko } from './ko';

/** After a password reset: a notice, no secrets. Values: data `name`, `changedAt` (ISO time). */
export const passwordChanged: Template = { en, ko };
