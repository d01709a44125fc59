import type { Template } from '../template.renderer';
import { en } from './en';
import { ko } from './ko';

/** Sent instead of a challenge when the address already has an account. Values: data `name`. */
export const signupExists: Template = { en, ko };
