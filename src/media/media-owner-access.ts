import type { Actor, ScopedUnit } from '../accounts/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';

/** Who was let in, and the unit the owner lies in (the audit entry is filed there). */
export interface MediaUploadGrant {
  actor: Actor;
  unit: ScopedUnit;
}

/**
 * How a module that owns pictures (the market's products, say) says who may add them: it finds
 * the owner and calls accounts' `authorize()` for it, refusing as that does (401, 403, or 404 for
 * an owner it does not know). Media knows no owner module; each registers itself when the app is
 * composed.
 */
export interface MediaOwnerAccess {
  authorizeUpload(db: Db, actor: Actor | null, ownerId: string): Promise<MediaUploadGrant>;
}

const accessByKind = new Map<string, MediaOwnerAccess>();

/** Registering a kind again replaces its access, so composing the app twice changes nothing. */
export function registerMediaOwnerAccess(kind: string, access: MediaOwnerAccess): void {
  accessByKind.set(kind, access);
}

export function mediaOwnerAccess(kind: string): MediaOwnerAccess {
  const access = accessByKind.get(kind);
  if (access) return access;
  throw badRequest(
    'media.unknown_owner_kind',
    {
      vi: `Không có loại đối tượng "${kind}" để gắn ảnh.`,
      en: `There is no kind of owner "${kind}" to attach pictures to.`,
    },
    'ownerKind',
  );
}
