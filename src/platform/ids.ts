import { uuidv7 } from 'uuidv7';

/** Every id is a UUIDv7: time-ordered, so inserts stay local in the index and ids sort by creation. */
export const newId = (): string => uuidv7();
