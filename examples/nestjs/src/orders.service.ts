/** The example's data: an app service, injected into the controller by its type. */
import { Injectable } from '@nestjs/common';

/** The orders of the demo. */
@Injectable()
export class OrdersService {
  list() {
    return [{ id: 1, total: 42 }];
  }
}
