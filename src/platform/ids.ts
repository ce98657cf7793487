import { uuidv7 } from 'uuidv7';

/** Every id is a UUIDv7: time-ordered, so inserts stay local in the index and ids sort by creation. */
export const newId = (): string => uuidv7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a value can be an id at all: anything else names no row, and is not sent to a `uuid` column. */
export const isUuid = (text: unknown): text is string => typeof text === 'string' && UUID.test(text);
