import { lazyPage } from '../platform/lazy-page.tsx';

/**
 * The door to the field app, in the main bundle; the app itself (its database library, its
 * screens, its styles) is a chunk of its own, fetched only when /thuc-dia is opened.
 */
export const FieldEntry = lazyPage(() => import('./field-app.tsx').then((module) => module.FieldApp));
