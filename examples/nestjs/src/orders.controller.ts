/** The example API: public, authenticated, scope-guarded and role-guarded routes. */
import { Auth, type AuthInfo, Public, Roles, Scopes } from '@jwt-guard/nestjs';
import { Controller, Delete, Get, Param } from '@nestjs/common';
import { OrdersService } from './orders.service.js';

@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  // Every route without @Public() needs a valid token: the module's guard is global.
  @Get('api/me')
  me(@Auth() auth: AuthInfo<{ scope?: string }>) {
    return { sub: auth.payload.sub, scope: auth.payload.scope ?? null };
  }

  @Scopes('read:orders')
  @Get('api/orders')
  list() {
    return { orders: this.orders.list() };
  }

  @Roles('admin')
  @Delete('api/orders/:id')
  remove(@Param('id') id: string) {
    return { deleted: id };
  }
}
