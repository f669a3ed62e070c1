import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { PeopleList, PeopleQuery, UnitCodeParams, UnitDetail, UnitList, UnitSearchQuery } from './units.schema.js';
import { describeUnit, findUnits, listChildUnits, listPeopleOfUnit } from './units.service.js';

export async function unitsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['units'];

  app.get(
    '/api/units',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Find units by name, with or without diacritics',
        description: 'Public. Up to `limit` units whose name contains `q` (diacritics optional: "my hoa hung" finds Xã Mỹ Hòa Hưng), current units only unless `historical=true`; what the sign-up form offers.',
        querystring: UnitSearchQuery,
        response: { 200: UnitList, ...errorResponses },
      },
    },
    async (request) => findUnits(deps.db, request.query),
  );

  app.get(
    '/api/units/:code',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'One unit, its parent and, if dissolved, its successors',
        description: 'Public. A unit by its code (the national statistics code for administrative units), with its parent; a unit dissolved by the 2025 reform names the units it went to. 404 unit_not_found.',
        params: UnitCodeParams,
        response: { 200: UnitDetail, ...errorResponses },
      },
    },
    async (request) => describeUnit(deps.db, request.params.code),
  );

  app.get(
    '/api/units/:code/children',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'The units directly below a unit',
        description: 'Public. The units directly below this one (the communes, wards and special zones of the province), in the national list order. 404 unit_not_found.',
        params: UnitCodeParams,
        response: { 200: UnitList, ...errorResponses },
      },
    },
    async (request) => listChildUnits(deps.db, request.params.code),
  );

  app.get(
    '/api/units/:code/people',
    {
      config: { policy: allow.roleOnUnit('manager', unitCodeFromParams()) },
      schema: {
        tags,
        summary: "People who live in the unit's subtree (managers of the unit or above)",
        description: "Managers of the unit or of a unit above it. People whose home is in the unit's subtree, a page at a time, with masked phones; each call is audited.",
        params: UnitCodeParams,
        querystring: PeopleQuery,
        response: { 200: PeopleList, ...errorResponses },
      },
    },
    async (request) =>
      listPeopleOfUnit(deps.db, authorizedUnitOf(request), request.query, { userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() }),
  );
}
