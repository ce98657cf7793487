/** What other modules may use of media (decision 0024): photos for any owner, share cards, the store behind both. */
export { folderMediaStore, mediaFolder, type MediaStore } from './media-store.ts';
export { registerMediaOwnerAccess, type MediaOwnerAccess, type MediaUploadGrant } from './media-owner-access.ts';
export { registerMediaRoutes, mediaUrl } from './media.routes.ts';
export { findPhoto, type Photo, type PhotoVariant } from './store-photo.ts';
export { uploadPhoto, type MediaOwner } from './upload-photo.ts';
export { formatDong, SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH, shareCardKey, type ShareCard } from './share-card.rules.ts';
export { renderShareCard } from './share-card.ts';
