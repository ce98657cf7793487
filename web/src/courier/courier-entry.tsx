import { lazyPage } from '../platform/lazy-page.tsx';

/** The door to the courier app, in the main bundle; the app is a chunk of its own, fetched only at /giao-hang/hom-nay. */
export const CourierEntry = lazyPage(() => import('./courier-app.tsx').then((module) => module.CourierApp));
