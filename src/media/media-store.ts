import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newId } from '../platform/ids.ts';
import { isMediaKey } from './media-key.rules.ts';

/**
 * Where pictures are kept: bytes by key, nothing else (the content type is read from the key). A
 * folder now; an S3-compatible bucket later implements the same three calls (PutObject, GetObject,
 * HeadObject), and nothing above this interface changes. Keys are content addresses
 * (media-key.rules.ts), so an object is never overwritten with different bytes and a store needs
 * no locking.
 */
export interface MediaStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The object's bytes, or null when the store has none under the key. */
  get(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
}

/** The folder under the data folder that holds the pictures. */
export const mediaFolder = (dataDir: string): string => path.join(dataDir, 'media');

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A folder store: `<folder>/<first two hex digits>/<key>`, so that no folder holds more than a
 * 256th of the pictures. A key that is not a media key is refused before it becomes a path, so no
 * key reaches outside the folder.
 */
export function folderMediaStore(folder: string): MediaStore {
  const fileOf = (key: string) => {
    if (!isMediaKey(key)) throw new Error(`not a media key: ${JSON.stringify(key)}`);
    return path.join(folder, key.slice(0, 2), key);
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written beside and renamed into place: a reader sees the whole object or none of it.
      const partial = `${file}.${newId()}.part`;
      await writeFile(partial, bytes);
      await rename(partial, file);
    },
    async get(key) {
      if (!isMediaKey(key)) return null;
      try {
        return await readFile(fileOf(key));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async exists(key) {
      if (!isMediaKey(key)) return false;
      try {
        await stat(fileOf(key));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
  };
}
