import type { Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { Db } from '../platform/database.ts';
import { mediaOwnerAccess } from './media-owner-access.ts';
import type { MediaStore } from './media-store.ts';
import { storePhoto, type Photo } from './store-photo.ts';

/** What a picture belongs to: a kind registered with media, and the owner's id in its module. */
export interface MediaOwner {
  kind: string;
  id: string;
}

/**
 * A photo for an owner: the owner's module authorises the caller first, then the file is checked,
 * resized and stored, and the upload is audited in the owner's unit.
 */
export async function uploadPhoto(db: Db, store: MediaStore, actor: Actor | null, owner: MediaOwner, bytes: Uint8Array): Promise<Photo> {
  const grant = await mediaOwnerAccess(owner.kind).authorizeUpload(db, actor, owner.id);
  const photo = await storePhoto(store, bytes);
  await recordAudit(db, grant.actor, 'media:upload', 'photo', {
    entityId: photo.id,
    unit: grant.unit,
    after: { ownerKind: owner.kind, ownerId: owner.id, widths: photo.variants.map((v) => v.width) },
  });
  return photo;
}
