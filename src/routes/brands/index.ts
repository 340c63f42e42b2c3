// Brands: the websites or group companies one controller mails under (admin API).
import type { AppDeps } from '../../deps';
import type { Router } from '../../http/router';
import { registerListBrands } from './list';
import { registerPutBrand } from './put';

export function registerBrandRoutes(router: Router, deps: AppDeps) {
  registerPutBrand(router, deps);
  registerListBrands(router, deps);
}
