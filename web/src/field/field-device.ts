/**
 * What the rest of the site may ask about the field app's data on this device, without loading
 * the field app (Dexie and all): the database's name, and whether an account's village is kept.
 */
export const FIELD_DATABASE = 'banso-field';

/**
 * Whether the field app keeps an account's village on this device. Logging out anywhere on the
 * site must then go through the field app's own log-out, which counts unsent changes before it
 * clears the phone. Read with the browser's own IndexedDB API, and never opened when absent (an
 * open would create it).
 */
export async function fieldAccountOnDevice(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  const listed = await indexedDB.databases().catch(() => []);
  if (!listed.some((database) => database.name === FIELD_DATABASE)) return false;
  return new Promise((resolve) => {
    const opening = indexedDB.open(FIELD_DATABASE);
    opening.onerror = () => resolve(false);
    opening.onsuccess = () => {
      const database = opening.result;
      const done = (found: boolean) => {
        database.close();
        resolve(found);
      };
      if (!database.objectStoreNames.contains('meta')) return done(false);
      const reading = database.transaction('meta').objectStore('meta').get('account');
      reading.onsuccess = () => done(reading.result !== undefined);
      reading.onerror = () => done(false);
    };
  });
}
