/**
 * Every web page lives under `/app` (the service's address `/` leads there), outside the API's `/api/v1`
 * prefix: page and API paths can never collide (`/app/sites` is a page, `/api/v1/sites` the API).
 */
export const WEB_ROOT = 'app';
export const WEB_ROUTES = [WEB_ROOT, `${WEB_ROOT}/{*path}`];
