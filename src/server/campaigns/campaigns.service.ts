/**
 * Campaigns (phong trào) and their emulation ranking (thi đua). A campaign
 * covers a unit's subtree for a period, names the required courses, its people
 * (the residents of communes and wards, or the members of some groups: "80 %
 * of officials") and a target: the share of them who should have completed the
 * courses by the end. A unit's target is its own, or else the nearest one set
 * above it, or else the campaign's; managers may only raise what they inherit,
 * so that nobody climbs the ranking by lowering their own bar. Units are
 * ranked only against comparable units (communes with communes and wards,
 * departments with departments…) by the share of their target reached, where
 * the rate is per person, so a large unit and a small one compete fairly.
 * Every figure comes from the rollups.
 *
 * Achievement = completions of the required courses up to the day ranked ÷
 * (people × required courses): with one required course, exactly the share of
 * people who completed it.
 */
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { grantsReach, type ScopedGrant } from '../grants/grants.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { dayOf, dayOfIso, isoOfDay } from '../../shared/days.js';
import { localKinds, residentialKinds } from '../../shared/units.js';
import type { CampaignStatus } from './campaigns.table.js';
import type { MemberGroup } from '../members/members.schema.js';
import { sumRollup } from '../rollups/rollups.service.js';
import { hiddenFigure } from '../../shared/small-groups.js';
import { suppressSmallUnits } from './ranking-suppression.js';
import { findCampaignUnits, findPublishedCourseIds, findTargets, insertCampaign, selectCampaigns, updateCampaignStatus, upsertUnitTarget } from './campaigns.queries.js';

/** What campaigns need to know of a unit (the one a policy authorized). */
export interface CampaignUnit {
  id: UnitId;
  code: string;
  path: string;
}

export interface CampaignInput {
  title: string;
  description: string;
  startsOn: string;
  endsOn: string;
  courseIds: number[];
  targetPercent: number;
  /** Member groups the campaign is about ("officials"); none: the residents of communes and wards. */
  groups?: MemberGroup[];
}

async function checkInput(db: DbOrTx, input: CampaignInput): Promise<void> {
  const fields: Record<string, { key: 'error.invalid_period' | 'error.course_not_found' }> = {};
  if (dayOfIso(input.startsOn) > dayOfIso(input.endsOn)) fields.endsOn = { key: 'error.invalid_period' };
  const found = input.courseIds.length === 0 ? [] : await findPublishedCourseIds(db, input.courseIds as CourseId[]);
  if (found.length !== new Set(input.courseIds).size) fields.courseIds = { key: 'error.course_not_found' };
  if (Object.keys(fields).length > 0) throw new AppError('invalid_input', 400, {}, fields);
}

export async function createCampaign(db: Db, unit: CampaignUnit, input: CampaignInput, actor: { userId: UserId; ip: string; now: number }): Promise<number> {
  await checkInput(db, input);
  return db.transaction().execute(async (trx) => {
    const id = await insertCampaign(trx, {
      title: input.title.normalize('NFC').trim(),
      description: input.description.normalize('NFC').trim(),
      unit_id: unit.id,
      starts_on: dayOfIso(input.startsOn),
      ends_on: dayOfIso(input.endsOn),
      status: 'draft',
      course_ids: JSON.stringify([...new Set(input.courseIds)]),
      target_percent: input.targetPercent,
      audience_groups: JSON.stringify([...new Set(input.groups ?? [])]),
      created_by: actor.userId,
      created_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'campaign.create', unitId: unit.id, details: { campaign: id }, ip: actor.ip });
    return id;
  });
}

export async function findCampaign(db: DbOrTx, id: number) {
  const row = await selectCampaigns(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('campaign_not_found');
  return row;
}

type CampaignRow = Awaited<ReturnType<typeof findCampaign>>;

export function presentCampaign(c: CampaignRow) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    unit: { code: c.code, fullName: c.full_name },
    startsOn: isoOfDay(c.starts_on),
    endsOn: isoOfDay(c.ends_on),
    status: c.status,
    courseIds: JSON.parse(c.course_ids) as number[],
    targetPercent: c.target_percent,
    groups: JSON.parse(c.audience_groups) as MemberGroup[],
  };
}

/** Campaign leads over the campaign's unit run it. */
export const leadsCampaign = (grants: readonly ScopedGrant[], campaign: Pick<CampaignRow, 'path'>) => grantsReach(grants, 'campaign_lead', campaign.path);

/** A draft is its leads' alone: to anyone else it answers exactly as an unknown id. */
export async function findCampaignFor(db: DbOrTx, id: number, grants: readonly ScopedGrant[]) {
  const campaign = await findCampaign(db, id);
  if (campaign.status === 'draft' && !leadsCampaign(grants, campaign)) throw notFound('campaign_not_found');
  return campaign;
}

export async function setCampaignStatus(db: Db, id: number, status: CampaignStatus, actor: { userId: UserId; grants: readonly ScopedGrant[]; ip: string; now: number }) {
  const campaign = await findCampaignFor(db, id, actor.grants);
  if (!leadsCampaign(actor.grants, campaign)) throw forbidden();
  const allowed: Record<CampaignStatus, CampaignStatus[]> = { draft: ['live'], live: ['ended'], ended: [] };
  if (!allowed[campaign.status].includes(status)) throw conflict('campaign_status', { from: campaign.status, to: status });
  await updateCampaignStatus(db, id, status);
  await recordAudit(db, { at: actor.now, actorUserId: actor.userId, action: `campaign.${status}`, unitId: campaign.unit_id, details: { campaign: id }, ip: actor.ip });
  return presentCampaign({ ...campaign, status });
}

/**
 * Sets a draft campaign live inside the caller's transaction (the launch button), on behalf of a lead who chose it;
 * a campaign already live stays so. False if it was neither (ended): nothing changes.
 */
export async function setCampaignLiveIn(trx: Tx, id: number, actor: { userId: UserId; ip: string; now: number }, details: Record<string, string | number | boolean | null> = {}): Promise<boolean> {
  const campaign = await findCampaign(trx, id);
  if (campaign.status === 'live') return true;
  if (campaign.status !== 'draft') return false;
  await updateCampaignStatus(trx, id, 'live');
  await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'campaign.live', unitId: campaign.unit_id, details: { campaign: id, ...details }, ip: actor.ip });
  return true;
}

/**
 * Sets a unit's own target. The campaign's leads may set any; anyone else (the
 * unit's manager, a lead below the campaign's level) may only raise the target
 * the unit inherits from above. An ended campaign's targets stay as they were.
 */
export async function setUnitTarget(db: Db, id: number, unit: CampaignUnit, percent: number, actor: { userId: UserId; grants: readonly ScopedGrant[]; now: number }) {
  const campaign = await findCampaignFor(db, id, actor.grants);
  if (!unit.path.startsWith(campaign.path)) throw notFound('campaign_not_found');
  if (campaign.status === 'ended') throw conflict('campaign_ended');
  if (!leadsCampaign(actor.grants, campaign)) {
    const inherited = targetAt(await targetsOf(db, campaign), campaign, unit.path, false).percent;
    if (percent < inherited) throw badRequest('target_below_inherited', { min: inherited }, 'percent');
  }
  await upsertUnitTarget(db, { campaignId: id, unitId: unit.id, percent, userId: actor.userId, now: actor.now });
}

/** Live and ended campaigns covering the viewer's units, and the drafts of those who run them. */
export async function listCampaigns(db: DbOrTx, grants: readonly ScopedGrant[]) {
  const rows = await selectCampaigns(db).orderBy('c.starts_on', 'desc').execute();
  const visible = rows.filter((c) =>
    c.status === 'draft' ? grantsReach(grants, 'campaign_lead', c.path) : grants.some((g) => g.unitPath.startsWith(c.path) || c.path.startsWith(g.unitPath)),
  );
  return { campaigns: visible.map(presentCampaign) };
}

interface Standing {
  unit: { code: string; name: string; fullName: string; kind: string };
  /** The unit's place in the tree (small groups are judged by it); not shown. */
  path: string;
  /** Who the target counts: registered residents, or members in the campaign's groups. */
  people: number;
  completed: number;
  targetPercent: number;
  /** The unit whose target this is; null: the campaign's own. */
  targetSetBy: { code: string; name: string } | null;
  /** Share of people × courses completed, in percent. */
  achievedPercent: number;
  /** achieved ÷ target, in percent: what units are ranked by. */
  ofTarget: number;
}

async function standings(db: DbOrTx, campaign: CampaignRow, asOf: number): Promise<Standing[]> {
  const groups = JSON.parse(campaign.audience_groups) as MemberGroup[];
  return groups.length === 0 ? residentStandings(db, campaign, asOf) : memberStandings(db, campaign, groups, asOf);
}

function standing(u: { code: string; name: string; full_name: string; kind: string; path: string }, people: number, completed: number, courses: number, target: ReturnType<typeof targetAt>): Standing {
  const achievedPercent = people === 0 || courses === 0 ? 0 : (100 * completed) / (people * courses);
  const targetPercent = target.percent;
  return {
    unit: { code: u.code, name: u.name, fullName: u.full_name, kind: u.kind },
    path: u.path,
    people,
    completed,
    targetPercent,
    targetSetBy: target.setBy,
    achievedPercent: Math.round(achievedPercent * 10) / 10,
    ofTarget: Math.round((1000 * achievedPercent) / targetPercent) / 10,
  };
}

/** Residents of each commune, ward and special zone, by their home. */
async function residentStandings(db: DbOrTx, campaign: CampaignRow, asOf: number): Promise<Standing[]> {
  const courses = JSON.parse(campaign.course_ids) as CourseId[];
  const subtree = campaign.path;
  const [units, hamlets, residents, completions, targets] = await Promise.all([
    findCampaignUnits(db, subtree, residentialKinds),
    // People living in a hamlet (retired ones too) count in its commune.
    findCampaignUnits(db, subtree, localKinds, true),
    sumRollup(db, 'unit_daily', { subtree, to: asOf, by: 'unit' }),
    sumRollup(db, 'unit_course_daily', { subtree, courses, to: asOf, by: 'unit' }),
    targetsOf(db, campaign),
  ]);
  const communeOf = new Map<UnitId, UnitId>(hamlets.flatMap((h) => {
    const commune = units.find((u) => h.path.startsWith(u.path));
    return commune ? [[h.id, commune.id] as const] : [];
  }));
  const sumByCommune = (rows: { key: UnitId; n: number }[]) => {
    const sums = new Map<UnitId, number>();
    for (const r of rows) {
      const key = communeOf.get(r.key) ?? r.key;
      sums.set(key, (sums.get(key) ?? 0) + r.n);
    }
    return sums;
  };
  const residentsOf = sumByCommune(residents.map((r) => ({ key: r.key, n: r.registered })));
  const completionsOf = sumByCommune(completions.map((r) => ({ key: r.key, n: r.completed })));
  return units.map((u) => standing(u, residentsOf.get(u.id) ?? 0, completionsOf.get(u.id) ?? 0, courses.length, targetAt(targets, campaign, u.path)));
}

interface SetTarget {
  percent: number;
  path: string;
  unit: { code: string; name: string };
}

/** The targets units set for themselves in a campaign, deepest first. */
async function targetsOf(db: DbOrTx, campaign: CampaignRow): Promise<SetTarget[]> {
  const rows = await findTargets(db, campaign.id);
  return rows.map((r) => ({ percent: r.percent, path: r.path, unit: { code: r.code, name: r.name } })).sort((a, b) => b.path.length - a.path.length);
}

/**
 * A unit's target: its own (when `own`), else the nearest set above it inside
 * the campaign, else the campaign's; with the unit that set it (null: the campaign).
 */
function targetAt(targets: readonly SetTarget[], campaign: CampaignRow, path: string, own = true): { percent: number; setBy: SetTarget['unit'] | null } {
  const set = targets.find((t) => path.startsWith(t.path) && t.path.startsWith(campaign.path) && (own || t.path !== path));
  return set ? { percent: set.percent, setBy: set.unit } : { percent: campaign.target_percent, setBy: null };
}

/** Members in the campaign's groups of each unit below the campaign's (with the units below it), where they are members. */
async function memberStandings(db: DbOrTx, campaign: CampaignRow, groups: MemberGroup[], asOf: number): Promise<Standing[]> {
  const courses = JSON.parse(campaign.course_ids) as CourseId[];
  const subtree = campaign.path;
  const [units, members, completions, targets] = await Promise.all([
    findCampaignUnits(db, subtree),
    sumRollup(db, 'member_daily', { subtree, groups, to: asOf, by: 'unit' }),
    sumRollup(db, 'member_course_daily', { subtree, groups, courses, to: asOf, by: 'unit' }),
    targetsOf(db, campaign),
  ]);
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const under = (rows: { key: UnitId; n: number }[], path: string) => rows.reduce((sum, r) => sum + ((pathOf.get(r.key) ?? '').startsWith(path) ? r.n : 0), 0);
  const memberCounts = members.map((r) => ({ key: r.key, n: r.members }));
  const completionCounts = completions.map((r) => ({ key: r.key, n: r.completed }));
  return units
    .filter((u) => u.id !== campaign.unit_id)
    .map((u) => ({ u, people: under(memberCounts, u.path) }))
    .filter(({ people }) => people > 0)
    .map(({ u, people }) => standing(u, people, under(completionCounts, u.path), courses.length, targetAt(targets, campaign, u.path)));
}

/** Units compete with their own kind: communes, wards and special zones together; departments with departments; schools with schools… */
const comparableGroup = (kind: string) => ((residentialKinds as readonly string[]).includes(kind) ? 'commune' : kind);

/** Standard competition ranking within each comparable group: equal scores share a rank, the next skips (1, 1, 3). */
function ranked(list: Standing[]): (Standing & { rank: number; comparableGroup: string })[] {
  const sorted = [...list].sort((a, b) => b.ofTarget - a.ofTarget || a.unit.fullName.localeCompare(b.unit.fullName, 'vi'));
  const peersOf = new Map<string, Standing[]>();
  for (const s of sorted) {
    const group = comparableGroup(s.unit.kind);
    peersOf.set(group, [...(peersOf.get(group) ?? []), s]);
  }
  return sorted.map((s) => {
    const group = comparableGroup(s.unit.kind);
    return { ...s, comparableGroup: group, rank: peersOf.get(group)!.findIndex((t) => t.ofTarget === s.ofTarget) + 1 };
  });
}

/**
 * The ranking on a day (today by default, never past the campaign's end), with each unit's change since a week
 * before. Units narrower than a commune with fewer than `smallGroupMin` people or completions (ranking-suppression.ts)
 * come last, unranked, with "< 5" and no rates.
 */
export async function campaignRanking(db: DbOrTx, id: number, now: number, smallGroupMin: number) {
  const campaign = await findCampaign(db, id);
  const asOf = Math.min(dayOf(now), campaign.ends_on);
  const [current, weekAgo] = await Promise.all([standings(db, campaign, asOf), standings(db, campaign, asOf - 7)]);
  const shownNow = suppressSmallUnits(current, smallGroupMin);
  const before = new Map(ranked(suppressSmallUnits(weekAgo, smallGroupMin).ranked).map((s) => [s.unit.code, s]));
  return {
    campaign: presentCampaign(campaign),
    asOf: isoOfDay(asOf),
    comparedWith: isoOfDay(asOf - 7),
    units: [
      ...ranked(shownNow.ranked).map(({ path: _path, ...s }) => {
        // A unit whose first members joined this week had no standing a week ago.
        const previous = before.get(s.unit.code) ?? { ofTarget: 0, rank: s.rank };
        return { ...s, trend: { ofTarget: Math.round((s.ofTarget - previous.ofTarget) * 10) / 10, rank: previous.rank - s.rank } };
      }),
      ...shownNow.unranked.map(({ path: _path, ...s }) => ({ ...s, rank: null, comparableGroup: comparableGroup(s.unit.kind), achievedPercent: hiddenFigure, ofTarget: hiddenFigure, trend: { ofTarget: hiddenFigure, rank: null } })),
    ],
  };
}

/** The unit's standing today in each live campaign that ranks it: what "% of target" on its dashboard shows (no trend needed). */
export async function standingsOfUnit(db: DbOrTx, unit: CampaignUnit, now: number, smallGroupMin: number) {
  const live = await selectCampaigns(db).where('c.status', '=', 'live').execute();
  const placed = await Promise.all(
    live
      .filter((c) => unit.path.startsWith(c.path))
      .map(async (campaign) => ({ campaign, mine: ranked(suppressSmallUnits(await standings(db, campaign, Math.min(dayOf(now), campaign.ends_on)), smallGroupMin).ranked).find((u) => u.unit.code === unit.code) })),
  );
  return placed.flatMap(({ campaign, mine }) =>
    mine ? [{ id: campaign.id, title: campaign.title, targetPercent: mine.targetPercent, achievedPercent: mine.achievedPercent, ofTarget: mine.ofTarget, rank: mine.rank }] : [],
  );
}

/** Live campaigns run by a unit of this subtree (the organisations feature refuses to retire a unit that has one). */
export async function liveCampaignsUnder(db: DbOrTx, subtree: string): Promise<{ id: number; title: string; unitCode: string }[]> {
  const rows = await selectCampaigns(db).where('u.path', 'like', `${subtree}%`).where('c.status', '=', 'live').orderBy('c.id').execute();
  return rows.map((c) => ({ id: c.id, title: c.title, unitCode: c.code }));
}
