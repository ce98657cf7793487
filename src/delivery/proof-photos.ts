import type { MediaStore } from '../media/index.ts';

/**
 * Where proof photos are stored: the app's media store, handed over when delivery's routes are
 * registered. A delivery mutation reaches delivery through the sync push, which knows no store.
 */
let store: MediaStore | undefined;

export function useProofPhotoStore(mediaStore: MediaStore): void {
  store = mediaStore;
}

export function proofPhotoStore(): MediaStore {
  if (!store) throw new Error('no media store for proof photos: register delivery’s courier routes first');
  return store;
}
