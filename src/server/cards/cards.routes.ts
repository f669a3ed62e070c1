import type { FastifyRequest } from 'fastify';
import type { AuthDeps } from '../auth/auth.service.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { originOf, viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { setSessionCookie } from '../http/sessions.js';
import { Me } from '../me/me.schema.js';
import { loadMe } from '../me/me.service.js';
import { UnitCodeParams } from '../units/units.schema.js';
import {
  CardCodeSignInBody,
  CardHolder,
  CardPeekBody,
  CardPeople,
  CardPeopleQuery,
  CardPersonParams,
  CardSignInBody,
  CardsPdf,
  MyCard,
  PrintCardsBody,
  PrintMyCardBody,
} from './cards.schema.js';
import {
  findCardPeople,
  myCardState,
  peekCard,
  printCardsInUnit,
  printMyCard,
  revokeCardInUnit,
  revokeMyCard,
  signInWithCard,
  signInWithCardCode,
} from './cards.service.js';

export type CardsRoutesDeps = Pick<AuthDeps, 'db' | 'clock' | 'config'>;

export async function cardsRoutes(app: App, deps: CardsRoutesDeps): Promise<void> {
  const tags = ['cards'];
  // Helpers and managers of the commune (or above it): the people they print for must live in it.
  const helpersOfUnit = allow.roleOnUnit(['helper', 'manager'], unitCodeFromParams());
  const actor = (request: FastifyRequest) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() });
  const pdf = (name: string) => `attachment; filename="${name}"`;

  app.post(
    '/api/cards/sign-in',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: "Sign in with a card's QR code",
        description:
          "Public. The card landing page (/the) posts the secret from its URL's fragment and the device's random id. Answers the person and sets the session cookie, as a password sign-in does (a session already on this browser ends). 401 card_invalid for an unknown, forged or revoked card (one answer for all; each refusal audited); 403 account_disabled; 429 with Retry-After after repeated failures from one address.",
        body: CardSignInBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await signInWithCard(deps, request.body, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return loadMe(deps.db, session.userId);
    },
  );

  app.post(
    '/api/cards/sign-in-code',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: "Sign in with the phone number and the card's short code",
        description:
          'Public. The phone in any writing, the short code as printed (case, spaces and dashes do not matter). Answers the person and sets the session cookie. 400 invalid_phone; 401 card_code_invalid for a wrong code, an unknown number or a revoked card (one answer for all; audited); 429 with Retry-After after repeated attempts for one phone or failures from one address.',
        body: CardCodeSignInBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await signInWithCardCode(deps, request.body, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return loadMe(deps.db, session.userId);
    },
  );

  app.post(
    '/api/cards/peek',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Whose card this is, before switching person on a shared phone',
        description: 'Public. The name of the holder of a live card, so that the landing page can ask "switch to …?" before signing the current person out. 401 card_invalid otherwise; failures count towards the same per-address limit as card sign-in (429).',
        body: CardPeekBody,
        response: { 200: CardHolder, ...errorResponses },
      },
    },
    async (request) => peekCard(deps, request.body.secret, request.viewer?.userId, originOf(request)),
  );

  app.get(
    '/api/cards/mine',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'My sign-in card (when it was printed and last used) and whether I have a password',
        description: 'Any signed-in person, about themselves. The card itself (secret, code) is never shown again after printing.',
        response: { 200: MyCard, ...errorResponses },
      },
    },
    async (request) => myCardState(deps.db, viewerOf(request).userId),
  );

  app.post(
    '/api/cards/mine/print',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Print my own sign-in card (my earlier card stops working)',
        description: 'Any signed-in learner, for themselves. Answers the PDF; the earlier card is revoked in the same step. 409 card_not_for_staff for a person holding a staff role (they sign in with a password). Audited.',
        body: PrintMyCardBody,
        response: { 200: CardsPdf, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await printMyCard(deps, request.body.layout, actor(request), request.language);
      return reply.type('application/pdf').header('content-disposition', pdf('the-dang-nhap.pdf')).header('cache-control', 'no-store').send(file);
    },
  );

  app.delete(
    '/api/cards/mine',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Revoke my sign-in card (a lost card)',
        description: 'Any signed-in person, for themselves: the card stops working at once. 204 also when there was none. Audited.',
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeMyCard(deps.db, actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/units/:code/cards/people',
    {
      config: { policy: helpersOfUnit },
      schema: {
        tags,
        summary: 'Find people of the commune to print sign-in cards for',
        description:
          "Helpers and managers of the unit or a unit above it. By phone (any writing: at most one person), by part of the name (at most 20), or by id (`person`, the assisted sign-up's link): only people living in the unit or below it. Each with whether they have a live card and whether a card may be printed for them. Audited.",
        params: UnitCodeParams,
        querystring: CardPeopleQuery,
        response: { 200: CardPeople, ...errorResponses },
      },
    },
    async (request) => findCardPeople(deps.db, authorizedUnitOf(request), request.query, actor(request)),
  );

  app.post(
    '/api/units/:code/cards/print',
    {
      config: { policy: helpersOfUnit },
      schema: {
        tags,
        summary: 'Print sign-in cards for people of the commune (their earlier cards stop working)',
        description:
          'Helpers and managers of the unit or a unit above it, for people living in it. One PDF: A6 (a card a page) or A4 (8 cards a page with cut marks). Every earlier card of these people is revoked and the new ones stored in one step with the PDF. 403 for anyone outside the unit; 409 card_needs_consent for an account whose owner has not agreed to anything yet (made from a members list), card_not_for_staff for a person holding a staff role. Audited per card.',
        params: UnitCodeParams,
        body: PrintCardsBody,
        response: { 200: CardsPdf, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await printCardsInUnit(deps, authorizedUnitOf(request), request.body.userIds, request.body.layout, actor(request), request.language);
      return reply.type('application/pdf').header('content-disposition', pdf('the-dang-nhap.pdf')).header('cache-control', 'no-store').send(file);
    },
  );

  app.delete(
    '/api/units/:code/cards/:userId',
    {
      config: { policy: helpersOfUnit },
      schema: {
        tags,
        summary: "Revoke a person's sign-in card",
        description: 'Helpers and managers of the unit or a unit above it, for a person living in it (403 otherwise): the card stops working at once. 204 also when there was none. Audited.',
        params: CardPersonParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeCardInUnit(deps.db, authorizedUnitOf(request), request.params.userId, actor(request));
      return reply.status(204).send(null);
    },
  );
}
