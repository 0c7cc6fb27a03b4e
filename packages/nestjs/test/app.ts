/** The controllers the package tests mount: one route per decorator. */
import 'reflect-metadata';
import {
  Auth,
  type AuthInfo,
  AuthLevel,
  allOf,
  claim,
  Public,
  RequirePolicy,
  Roles,
  Scopes,
} from '@jwt-guard/nestjs';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';

/** Every handler that ran, by name: a refused request must not add to it. */
export const handled: string[] = [];

@Scopes('read:orders')
@Controller()
export class RoutesController {
  @Public()
  @Get('public')
  open(@Auth() auth: AuthInfo | undefined) {
    handled.push('public');
    return { auth: auth === undefined ? 'none' : 'some' };
  }

  @Get('me')
  me(@Auth() auth: AuthInfo<{ tid?: string }>, @Req() request: { auth?: AuthInfo }) {
    handled.push('me');
    return { sub: auth.payload.sub, tid: auth.payload.tid, same: request.auth === auth };
  }

  @Scopes('write:orders')
  @Post('orders')
  write() {
    handled.push('orders');
    return { written: true };
  }

  @Roles('admin', 'ops')
  @Get('admin')
  admin() {
    handled.push('admin');
    return { admin: true };
  }

  @RequirePolicy<{ tenant: string }>(
    allOf(
      claim('tid', (tid) => tid !== undefined),
      (auth, request) => auth.payload.tid === request.params.tenant,
    ),
  )
  @Get('tenants/:tenant')
  tenant(@Param('tenant') tenant: string) {
    handled.push('tenant');
    return { tenant };
  }

  @AuthLevel({ acr: ['urn:example:mfa'], maxAge: 300 })
  @Get('step-up')
  stepUp() {
    handled.push('step-up');
    return { stepped: true };
  }

  @Get('boom')
  boom() {
    handled.push('boom');
    throw new Error('not a token problem');
  }
}
