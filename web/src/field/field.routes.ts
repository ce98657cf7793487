/**
 * The field app's screens, under /thuc-dia (Vietnamese without diacritics, like the rest):
 *   /thuc-dia                        households, ?tim= search, ?can= need filter
 *   /thuc-dia/ho/moi                 register a household the register does not have yet
 *   /thuc-dia/ho/:id                 one household: latest survey, visits
 *   /thuc-dia/ho/:id/ho-tro          record a support visit
 *   /thuc-dia/ho/:id/cap-nhat        update the household's survey
 *   /thuc-dia/tap-huan               record a training; recent trainings
 *   /thuc-dia/can-xu-ly              changes the server refused
 *   /thuc-dia/can-xu-ly/:mutation    fix one and send it again
 *   /thuc-dia/dang-xuat              log out, and clear the village from the phone
 */
export const FIELD_ROOT = '/thuc-dia';

export type FieldRoute =
  | { screen: 'households'; search: string; need: string | null }
  | { screen: 'register' }
  | { screen: 'household'; id: string }
  | { screen: 'visit'; id: string }
  | { screen: 'update'; id: string }
  | { screen: 'training' }
  | { screen: 'attention' }
  | { screen: 'fix'; mutation: string }
  | { screen: 'log-out' }
  | { screen: 'not-found' };

const ID = '([0-9a-fA-F-]{36})';

export function matchFieldRoute(pathname: string, search: string): FieldRoute {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === FIELD_ROOT) {
    const query = new URLSearchParams(search);
    return { screen: 'households', search: query.get('tim') ?? '', need: query.get('can') };
  }
  const rest = path.slice(FIELD_ROOT.length);
  let match: RegExpExecArray | null;
  if (rest === '/ho/moi') return { screen: 'register' };
  if ((match = new RegExp(`^/ho/${ID}$`).exec(rest)) && match[1]) return { screen: 'household', id: match[1] };
  if ((match = new RegExp(`^/ho/${ID}/ho-tro$`).exec(rest)) && match[1]) return { screen: 'visit', id: match[1] };
  if ((match = new RegExp(`^/ho/${ID}/cap-nhat$`).exec(rest)) && match[1]) return { screen: 'update', id: match[1] };
  if (rest === '/tap-huan') return { screen: 'training' };
  if (rest === '/can-xu-ly') return { screen: 'attention' };
  if ((match = new RegExp(`^/can-xu-ly/${ID}$`).exec(rest)) && match[1]) return { screen: 'fix', mutation: match[1] };
  if (rest === '/dang-xuat') return { screen: 'log-out' };
  return { screen: 'not-found' };
}

export const fieldPaths = {
  households: (search = '', need = 'all') => {
    const query = new URLSearchParams();
    if (search) query.set('tim', search);
    if (need && need !== 'all') query.set('can', need);
    const text = query.toString();
    return text ? `${FIELD_ROOT}?${text}` : FIELD_ROOT;
  },
  register: () => `${FIELD_ROOT}/ho/moi`,
  household: (id: string) => `${FIELD_ROOT}/ho/${id}`,
  visit: (id: string) => `${FIELD_ROOT}/ho/${id}/ho-tro`,
  update: (id: string) => `${FIELD_ROOT}/ho/${id}/cap-nhat`,
  training: () => `${FIELD_ROOT}/tap-huan`,
  attention: () => `${FIELD_ROOT}/can-xu-ly`,
  fix: (mutation: string) => `${FIELD_ROOT}/can-xu-ly/${mutation}`,
  logOut: () => `${FIELD_ROOT}/dang-xuat`,
};
