import type { ComponentChildren, JSX, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CONTACT_PHONE_MAX, MEMBER_NAME_MAX, TEAM_NAME_MAX } from '../../../src/teams/team.rules.ts';
import { may, useSession, type SessionUser } from '../accounts/session.ts';
import { DateField } from '../platform/date-field.tsx';
import { focusFirstProblem } from '../platform/focus-first-problem.ts';
import { useSave } from '../platform/use-save.ts';
import { formatDate, formatNumber, NO_VALUE, todayInVietnam } from '../platform/format.ts';
import { addMessages, useI18n } from '../platform/i18n.ts';
import { Link, paths } from '../platform/router.tsx';
import { Empty, ErrorNotice, Loading } from '../platform/status.tsx';
import { TableBox } from '../platform/table-box.tsx';
import { useApi } from '../platform/use-api.ts';
import type { OrgUnit } from '../territory/territory.api.ts';
import { addMember, changeMember, saveTeam, villageTeamUrl, type Team, type TeamMember, type VillageTeam } from './team-roster.api.ts';
import { teamRosterEn, teamRosterVi } from './team-roster.i18n.ts';
import {
  currentLeader,
  readMemberChange,
  readMemberDraft,
  readTeamDraft,
  sortMembers,
  teamCounts,
  type MemberChange,
  type MemberDraft,
} from './team-roster.rules.ts';
import './team-roster.css';

addMessages(teamRosterVi, teamRosterEn);

type Editing = { form: 'team' } | { form: 'member' } | { form: MemberChange; member: TeamMember } | null;

/**
 * A village's community digital team. Its figures are public; who is on it and how to reach it
 * only for accounts that may read the team (the server decides, `detailsVisible`).
 */
export function TeamRoster({ village }: { village: OrgUnit }) {
  const { me } = useSession();
  // What the server shows depends on who asks: logging in or out fetches the team again.
  return <RosterPanel key={me?.id ?? 'visitor'} village={village} me={me} />;
}

function RosterPanel({ village, me }: { village: OrgUnit; me: SessionUser }) {
  const { t } = useI18n();
  const team = useApi<VillageTeam>(villageTeamUrl(village.code));
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // Where focus goes once a form closes: the button that opened it, or the panel's title after a save.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (editing !== null || focusNext.current === null) return;
    const target = document.getElementById(focusNext.current);
    focusNext.current = null;
    (target ?? heading.current)?.focus();
  }, [editing]);

  const open = (next: NonNullable<Editing>, openerId: string) => {
    setSaved('');
    focusNext.current = openerId;
    setEditing(next);
  };
  const close = (message: string) => {
    if (message) {
      focusNext.current = 'roster-title';
      setSaved(message);
      team.reload();
    }
    setEditing(null);
  };
  const manage = may(me, 'team:manage', village.code);

  return (
    <section class="section roster" aria-labelledby="roster-title">
      <h2 id="roster-title" ref={heading} tabIndex={-1}>
        {t('roster.title')}
      </h2>
      {team.error && <ErrorNotice error={team.error} onRetry={team.reload} />}
      {!team.data && !team.error && <Loading lines={3} />}
      {team.data && <RosterFacts village={village} data={team.data} me={me} />}
      {team.data && manage && (
        <div class="list-tools">
          <button
            id="roster-team"
            type="button"
            class={`button ${team.data.team ? 'button-secondary' : 'button-primary'}`}
            disabled={editing !== null}
            onClick={() => open({ form: 'team' }, 'roster-team')}
          >
            {t(team.data.team ? 'roster.edit' : 'roster.create')}
          </button>
          {team.data.team && (
            <button
              id="roster-add"
              type="button"
              class="button button-primary"
              disabled={editing !== null}
              onClick={() => open({ form: 'member' }, 'roster-add')}
            >
              {t('roster.add')}
            </button>
          )}
        </div>
      )}
      <div role="status">{saved && !editing && <p class="notice notice-success">{saved}</p>}</div>
      {team.data && editing?.form === 'team' && <TeamForm village={village} team={team.data.team} onDone={close} />}
      {team.data && editing?.form === 'member' && <MemberForm villageCode={village.code} onDone={close} />}
      {team.data && editing && 'member' in editing && (
        <ChangeForm
          key={`${editing.form}-${editing.member.id}`}
          change={editing.form}
          member={editing.member}
          leader={currentLeader(team.data.members)}
          onDone={close}
        />
      )}
      {team.data?.team && team.data.detailsVisible && (
        <MemberTable
          members={team.data.members}
          manage={manage}
          idle={editing === null}
          onChange={(form, member) => open({ form, member }, `roster-${form}-${member.id}`)}
        />
      )}
    </section>
  );
}

function RosterFacts({ village, data, me }: { village: OrgUnit; data: VillageTeam; me: SessionUser }) {
  const { t } = useI18n();
  if (!data.team) return <Empty>{t('roster.none')}</Empty>;
  const counts = teamCounts(data.members);
  const phone = data.team.contactPhone;
  return (
    <>
      <dl class="facts roster-facts" aria-label={t('roster.facts')}>
        <div class="fact fact-text">
          <dt>{t('roster.name')}</dt>
          <dd>{data.team.name}</dd>
        </div>
        <div class="fact">
          <dt>{t('roster.members')}</dt>
          <dd>{formatNumber(counts.members)}</dd>
        </div>
        <div class="fact">
          <dt>{t('roster.trained')}</dt>
          <dd>{formatNumber(counts.trained)}</dd>
        </div>
        <div class="fact">
          <dt>{t('roster.women')}</dt>
          <dd>{formatNumber(counts.women)}</dd>
        </div>
        {data.detailsVisible && (
          // A whole row: ten digits in large type do not fit half a phone's width.
          <div class="fact fact-text">
            <dt>{t('roster.phone')}</dt>
            <dd>
              {phone ? (
                <a class="nowrap" href={`tel:${phone}`} aria-label={t('roster.phone_call', { phone })}>
                  {phone}
                </a>
              ) : (
                t('roster.no_phone')
              )}
            </dd>
          </div>
        )}
      </dl>
      {!data.detailsVisible && (
        <div class="notice notice-info">
          <p>{t('roster.private')}</p>
          {me === null && (
            <Link class="button button-secondary roster-login" href={paths.login(paths.unit(village.code))}>
              {t('roster.login')}
            </Link>
          )}
        </div>
      )}
    </>
  );
}

function MemberTable({
  members,
  manage,
  idle,
  onChange,
}: {
  members: TeamMember[];
  manage: boolean;
  idle: boolean;
  onChange: (form: MemberChange, member: TeamMember) => void;
}) {
  const { t } = useI18n();
  if (!members.length) return <Empty>{t('roster.no_members')}</Empty>;
  const counts = teamCounts(members);
  return (
    <TableBox
      id="roster-caption"
      title={t('roster.caption', { current: formatNumber(counts.members), former: formatNumber(counts.former) })}
      busy={false}
      tableClass="table-sticky roster-table"
    >
      <thead>
        <tr>
          <th scope="col">{t('roster.col_name')}</th>
          <th scope="col">{t('roster.col_role')}</th>
          <th scope="col">{t('roster.col_sex')}</th>
          <th scope="col">{t('roster.col_trained')}</th>
          <th scope="col">{t('roster.col_joined')}</th>
          <th scope="col">{t('roster.col_left')}</th>
          {manage && (
            <th scope="col" class="actions">
              <span class="visually-hidden">{t('roster.col_actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {sortMembers(members).map((member) => (
          <MemberRow key={member.id} member={member} manage={manage} idle={idle} onChange={onChange} />
        ))}
      </tbody>
    </TableBox>
  );
}

function MemberRow({
  member,
  manage,
  idle,
  onChange,
}: {
  member: TeamMember;
  manage: boolean;
  idle: boolean;
  onChange: (form: MemberChange, member: TeamMember) => void;
}) {
  const { t } = useI18n();
  const name = member.displayName ?? NO_VALUE;
  const role = !member.active ? 'roster.former' : member.isLeader ? 'roster.leader' : 'roster.member';
  const action = (
    form: MemberChange,
    label: 'roster.mark_trained' | 'roster.make_leader' | 'roster.mark_left',
    named: 'roster.mark_trained_named' | 'roster.make_leader_named' | 'roster.mark_left_named',
  ) => (
    <button
      id={`roster-${form}-${member.id}`}
      type="button"
      class="button button-small"
      disabled={!idle}
      aria-label={t(named, { name })}
      onClick={() => onChange(form, member)}
    >
      {t(label)}
    </button>
  );
  return (
    <tr class={member.active ? undefined : 'roster-former'}>
      <th scope="row">{name}</th>
      <td>
        <span class={`badge ${member.isLeader && member.active ? 'badge-ok' : 'badge-muted'}`}>{t(role)}</span>
      </td>
      <td>{t(member.sex === 'female' ? 'roster.sex_female' : 'roster.sex_male')}</td>
      <td class="nowrap">{member.trainedOn ? formatDate(member.trainedOn) : t('roster.not_trained')}</td>
      <td class="nowrap">{formatDate(member.joinedOn)}</td>
      <td class="nowrap">{formatDate(member.leftOn)}</td>
      {manage && (
        <td class="actions">
          {member.active && (
            <div class="roster-actions">
              {member.trainedOn === null && action('trained', 'roster.mark_trained', 'roster.mark_trained_named')}
              {!member.isLeader && action('leader', 'roster.make_leader', 'roster.make_leader_named')}
              {action('left', 'roster.mark_left', 'roster.mark_left_named')}
            </div>
          )}
        </td>
      )}
    </tr>
  );
}

interface FieldProps {
  id: string;
  label: string;
  problem: string | undefined;
  hint?: string;
  wide?: boolean;
  children: (aria: { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ComponentChildren;
}

/** A label, its input and the input's problem (or hint), tied together for screen readers. */
function Field({ id, label, problem, hint, wide, children }: FieldProps) {
  const describedBy = problem ? `${id}-problem` : hint ? `${id}-hint` : undefined;
  return (
    <div class={wide ? 'field field-wide' : 'field'}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy })}
      {problem ? (
        <p id={`${id}-problem`} class="field-problem">
          {problem}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} class="field-hint">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

function FormActions({
  busy,
  onCancel,
  submitLabel,
  submitRef,
}: {
  busy: boolean;
  onCancel: () => void;
  submitLabel?: string | undefined;
  submitRef?: RefObject<HTMLButtonElement>;
}) {
  const { t } = useI18n();
  return (
    <div class="form-actions">
      <button ref={submitRef} type="submit" class="button button-primary" disabled={busy}>
        {busy ? t('action.saving') : (submitLabel ?? t('action.save'))}
      </button>
      <button type="button" class="button button-secondary" onClick={onCancel} disabled={busy}>
        {t('action.cancel')}
      </button>
    </div>
  );
}

const useFocusOnOpen = <T extends HTMLElement>(): RefObject<T> => {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
};

function TeamForm({ village, team, onDone }: { village: OrgUnit; team: Team | null; onDone: (message: string) => void }) {
  const { t, text } = useI18n();
  const [name, setName] = useState(team?.name ?? t('roster.name_default', { village: village.name }));
  const [phone, setPhone] = useState(team?.contactPhone ?? '');
  const { error, problems, setProblems, busy, run } = useSave(onDone);
  const first = useFocusOnOpen<HTMLInputElement>();
  const problem = (field: string) => (problems[field] ? text(problems[field]) : undefined);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readTeamDraft({ name, contactPhone: phone });
    if ('problems' in read) {
      setProblems(read.problems);
      focusFirstProblem(event.currentTarget);
      return;
    }
    void run(async () => {
      await saveTeam(village.code, read.body);
      return t('roster.saved_team');
    });
  };

  return (
    <section class="card form-panel" aria-labelledby="roster-team-title">
      <h3 id="roster-team-title">{t(team ? 'roster.edit_title' : 'roster.create_title')}</h3>
      <form class="form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <Field id="roster-team-name" label={t('roster.name')} problem={problem('name')} wide>
            {(aria) => (
              <input ref={first} {...aria} maxLength={TEAM_NAME_MAX} autocomplete="off" value={name} onInput={(event) => setName(event.currentTarget.value)} />
            )}
          </Field>
          <Field id="roster-team-contactPhone" label={t('roster.phone')} problem={problem('contactPhone')} hint={t('roster.phone_hint')} wide>
            {(aria) => (
              <input
                {...aria}
                type="tel"
                inputMode="tel"
                maxLength={CONTACT_PHONE_MAX}
                autocomplete="off"
                value={phone}
                onInput={(event) => setPhone(event.currentTarget.value)}
              />
            )}
          </Field>
        </div>
        {error && <ErrorNotice error={error} />}
        <FormActions busy={busy} onCancel={() => onDone('')} />
      </form>
    </section>
  );
}

function MemberForm({ villageCode, onDone }: { villageCode: string; onDone: (message: string) => void }) {
  const { t, text } = useI18n();
  const today = todayInVietnam();
  const [draft, setDraft] = useState<MemberDraft>({ displayName: '', sex: '', joinedOn: today });
  const { error, problems, setProblems, busy, run } = useSave(onDone);
  const first = useFocusOnOpen<HTMLInputElement>();
  const problem = (field: string) => (problems[field] ? text(problems[field]) : undefined);
  const sexProblem = problem('sex');

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readMemberDraft(draft, today);
    if ('problems' in read) {
      setProblems(read.problems);
      focusFirstProblem(event.currentTarget);
      return;
    }
    void run(async () => {
      const added = await addMember(villageCode, read.body);
      return t('roster.saved_member', { name: added.displayName ?? read.body.displayName });
    });
  };

  return (
    <section class="card form-panel" aria-labelledby="roster-member-title">
      <h3 id="roster-member-title">{t('roster.add_title')}</h3>
      <p class="footnote">{t('roster.add_note')}</p>
      <form class="form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <Field id="roster-member-displayName" label={t('roster.display_name')} problem={problem('displayName')} wide>
            {(aria) => (
              <input
                ref={first}
                {...aria}
                maxLength={MEMBER_NAME_MAX}
                autocomplete="off"
                value={draft.displayName}
                onInput={(event) => setDraft({ ...draft, displayName: event.currentTarget.value })}
              />
            )}
          </Field>
          <fieldset class="field field-wide roster-choice" aria-describedby={sexProblem ? 'roster-member-sex-problem' : undefined}>
            <legend>{t('roster.sex')}</legend>
            {(['female', 'male'] as const).map((sex, index) => (
              <label key={sex} class="roster-option">
                <input
                  id={index === 0 ? 'roster-member-sex' : undefined}
                  type="radio"
                  name="roster-member-sex"
                  value={sex}
                  checked={draft.sex === sex}
                  aria-invalid={sexProblem ? true : undefined}
                  onChange={() => setDraft({ ...draft, sex })}
                />
                {t(sex === 'female' ? 'roster.sex_female' : 'roster.sex_male')}
              </label>
            ))}
            {sexProblem && (
              <p id="roster-member-sex-problem" class="field-problem">
                {sexProblem}
              </p>
            )}
          </fieldset>
          <DateField
            id="roster-member-joinedOn"
            label={t('roster.joined_on')}
            problem={problem('joinedOn')}
            max={today}
            value={draft.joinedOn}
            onValue={(joinedOn) => setDraft({ ...draft, joinedOn })}
          />
        </div>
        {error && <ErrorNotice error={error} />}
        <FormActions busy={busy} onCancel={() => onDone('')} />
      </form>
    </section>
  );
}

/** One change to one member: the day they were trained or left, or leading the team in place of the current leader. */
function ChangeForm({
  change,
  member,
  leader,
  onDone,
}: {
  change: MemberChange;
  member: TeamMember;
  leader: TeamMember | undefined;
  onDone: (message: string) => void;
}) {
  const { t, text } = useI18n();
  const today = todayInVietnam();
  const [date, setDate] = useState(today);
  const { error, problems, setProblems, busy, run } = useSave(onDone);
  const first = useRef<HTMLInputElement>(null);
  // The leader's confirmation has no field: focus goes to its button, so Enter or a tap confirms.
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => (first.current ?? confirm.current)?.focus(), []);
  const name = member.displayName ?? NO_VALUE;
  const field = change === 'trained' ? 'trainedOn' : 'leftOn';
  const problem = problems[field] ? text(problems[field]) : undefined;

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readMemberChange(change, member, date, today);
    if ('problems' in read) {
      setProblems(read.problems);
      document.getElementById(`roster-change-${field}`)?.focus();
      return;
    }
    void run(async () => {
      await changeMember(member.id, read.patch);
      if (change === 'leader') return t('roster.saved_leader', { name });
      return t(change === 'trained' ? 'roster.saved_trained' : 'roster.saved_left', { name, date: formatDate(date) });
    });
  };

  const title = { trained: 'roster.trained_title', left: 'roster.left_title', leader: 'roster.leader_title' } as const;
  return (
    <section class="card form-panel" aria-labelledby="roster-change-title">
      <h3 id="roster-change-title">{t(title[change], { name })}</h3>
      <form class="form" onSubmit={submit} noValidate>
        {change === 'leader' ? (
          <p>{leader ? t('roster.leader_replaces', { leader: leader.displayName ?? NO_VALUE }) : t('roster.leader_first')}</p>
        ) : (
          <div class="form-grid">
            <DateField
              id={`roster-change-${field}`}
              label={t(change === 'trained' ? 'roster.trained_on' : 'roster.left_on')}
              problem={problem}
              inputRef={first}
              min={change === 'left' ? member.joinedOn : undefined}
              max={today}
              value={date}
              onValue={setDate}
            />
          </div>
        )}
        {error && <ErrorNotice error={error} />}
        <FormActions busy={busy} onCancel={() => onDone('')} submitLabel={change === 'leader' ? t('roster.leader_confirm') : undefined} submitRef={confirm} />
      </form>
    </section>
  );
}
