import type { MemberPatch, NewMemberBody, Team, TeamBody, TeamMember, VillageTeam } from '../../../src/teams/team.schema.ts';
import { api } from '../platform/api.ts';

export type { MemberPatch, NewMemberBody, Team, TeamBody, TeamMember, VillageTeam };

export const villageTeamUrl = (villageCode: string) => `/api/villages/${villageCode}/team`;

/** Creates the village's team, or renames it and changes its contact phone. */
export const saveTeam = (villageCode: string, body: TeamBody) => api.put<Team>(villageTeamUrl(villageCode), body);

export const addMember = (villageCode: string, body: NewMemberBody) => api.post<TeamMember>(`${villageTeamUrl(villageCode)}/members`, body);

export const changeMember = (memberId: string, patch: MemberPatch) => api.patch<TeamMember>(`/api/team-members/${memberId}`, patch);
