/**
 * Every screen but the household list, in a chunk of its own: the list (and the sync) is what the
 * first load needs; these follow on the first tap, and the service worker has them cached for
 * every visit after the first. Their strings come with them.
 */
import './screens.i18n.ts';

export { HouseholdPage } from './household-page.tsx';
export { HouseholdRegisterForm } from './household-register-form.tsx';
export { HouseholdUpdateForm } from './household-update-form.tsx';
export { LogOutPage } from './log-out-page.tsx';
export { FixMutation, NeedsAttention } from './needs-attention.tsx';
export { TrainingPage } from './training-page.tsx';
export { VisitForm } from './visit-form.tsx';
