import type { TeamRoster } from '../accounts/index.ts';
import { findTeamByVillage, linkMemberAccount, listMembers } from './team.repository.ts';

/** What accounts needs of a village's team to make its members' accounts (registered when the app is composed). */
export const teamRoster: TeamRoster = {
  async currentMembers(db, villageCode) {
    const team = await findTeamByVillage(db, villageCode);
    return team ? (await listMembers(db, team.id)).filter((m) => m.left_on === null) : [];
  },
  linkMemberAccount,
};
